package dev.loupe.server.console;

import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.serve.auth.BrowserGuard;
import dev.loupe.serve.rest.ErrorBody;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: server-rendered pages at {@code /}, their assets under {@code /assets/}, images from
 * the blob store under {@code /blobs/}, live decisions as server-sent events. Every request passes one
 * authorisation check ({@code guarded}; a caller without credentials is sent to the login page when
 * there is one): pages need {@link Role#VIEWER}, changes {@link Role#OPERATOR}
 * and a same-origin request (a page elsewhere cannot make a browser on this machine change anything).
 * An unexpected failure answers 500 with what failed and an error id, and logs the exception under that id.
 */
public final class Console {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    /** A page: the whole HTML document for a request by an authorised caller. */
    @FunctionalInterface
    interface View {
        String render(ServerRequest req, Principal who) throws Exception;
    }

    /** A change: reads the posted form and answers (a redirect, or a short JSON for scripts). */
    @FunctionalInterface
    interface Action {
        void handle(ServerRequest req, ServerResponse res, Principal who, Form form) throws Exception;
    }

    private final ConsoleContext ctx;

    private Console(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    /** Adds the console's routes. The stores are not owned. */
    public static void register(HttpRouting.Builder routing, MetadataStore store, BlobStore blobs, ConsoleConfig config) {
        new Console(new ConsoleContext(store, blobs, config)).routes(routing);
    }

    private void routes(HttpRouting.Builder r) {
        if (ctx.config().auth() instanceof TokenConsoleAuth tokens) {
            new LoginPage(tokens).register(r);
        }
        Assets assets = new Assets();
        r.get("/assets/{file}", guarded(Role.VIEWER, (req, res, who) -> assets.serve(req.path().pathParameters().get("file"), res)));
        BlobImages images = new BlobImages(new dev.loupe.core.monitoring.LoggedImages(ctx.blobs(), ctx.store().packedImages()));
        r.get("/blobs/{id}", guarded(Role.VIEWER, (req, res, who) -> images.serve(req.path().pathParameters().get("id"), res)));

        OverviewPage overview = new OverviewPage(ctx);
        r.get("/", view(overview::render));
        DataPages data = new DataPages(ctx);
        r.get("/data", view(data::list));
        r.get("/data/{name}/{id}", view(data::version));
        r.post("/data/{name}/{id}/labels", action(data::relabel));
        ExperimentPages experiments = new ExperimentPages(ctx);
        r.get("/experiments", view(experiments::list));
        r.get("/experiments/compare", view(experiments::compare));
        ModelPages models = new ModelPages(ctx);
        r.get("/models", view(models::list));
        r.get("/models/{name}", view(models::model));
        r.post("/models/{name}/alias", action(models::setAlias));
        MonitoringPages monitoring = new MonitoringPages(ctx);
        r.get("/monitoring", view(monitoring::list));
        r.get("/monitoring/{model}", view(monitoring::model));
        ReviewPage review = new ReviewPage(ctx);
        r.get("/review", view(review::render));
        r.post("/review/label", action(review::label));
        LivePage live = new LivePage(ctx);
        r.get("/live", view(live::render));
        r.get("/live/events", guarded(Role.VIEWER, (req, res, who) -> live.stream(req, res)));
    }

    @FunctionalInterface
    private interface Guarded {
        void handle(ServerRequest req, ServerResponse res, Principal who) throws Exception;
    }

    private Handler view(View v) {
        return guarded(Role.VIEWER, (req, res, who) -> {
            String html = v.render(req, who);
            PageHeaders.html(res, PageHeaders.POLICY);
            res.send(html);
        });
    }

    private Handler action(Action a) {
        return guarded(Role.OPERATOR, (req, res, who) -> {
            if (!sameOrigin(req)) {
                refuse(res, Status.FORBIDDEN_403, "cross-origin changes are refused");
                return;
            }
            String body = req.content().hasEntity() ? req.content().as(String.class) : "";
            a.handle(req, res, who, Form.parse(body));
        });
    }

    private Handler guarded(Role needed, Guarded g) {
        return (req, res) -> {
            Optional<Principal> known = ctx.config().auth().principal(req);
            Optional<String> login = ctx.config().auth().loginPath();
            if (known.isEmpty() && login.isPresent()) {
                if (req.prologue().method() == io.helidon.http.Method.GET) {
                    res.status(Status.SEE_OTHER_303);
                    res.header(HeaderNames.LOCATION, login.get());
                    res.send();
                } else {
                    refuse(res, Status.UNAUTHORIZED_401, "sign in first: " + login.get());
                }
                return;
            }
            Optional<Principal> who = known.filter(p -> p.may(needed));
            if (who.isEmpty()) {
                refuse(res, Status.FORBIDDEN_403, "not allowed: this needs the " + needed.name().toLowerCase(java.util.Locale.ROOT)
                        + " role");
                return;
            }
            try {
                g.handle(req, res, who.get());
            } catch (NotFoundException | java.util.NoSuchElementException e) {
                refuse(res, Status.NOT_FOUND_404, e.getMessage());
            } catch (IllegalArgumentException e) {
                refuse(res, Status.BAD_REQUEST_400, e.getMessage());
            } catch (Exception e) {
                String what = (req.prologue().method() == io.helidon.http.Method.GET ? "showing " : "the change at ")
                        + req.path().path() + " failed";
                refuse(res, Status.INTERNAL_SERVER_ERROR_500, ErrorBody.internal(LOG, what, e));
            }
        };
    }

    /**
     * A browser's change request comes from a console page: its Origin, if sent, is this host. The server's
     * {@link BrowserGuard} checks every change so; the console checks again, for routings built without it.
     */
    static boolean sameOrigin(ServerRequest req) {
        return BrowserGuard.sameOrigin(req);
    }

    private static void refuse(ServerResponse res, Status status, String message) {
        if (res.isSent()) {
            return;
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(status.code() + " " + message);
    }
}
