package dev.loupe.server.console;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The console's static files, all from the classpath (the plant has no internet): its own stylesheet
 * and script, and Chart.js from the Chart.js WebJar (a Maven dependency, never committed). Only the
 * listed names are served.
 */
final class Assets {
    private final Map<String, Asset> files;

    private record Asset(String resource, String type) {
    }

    Assets() {
        String chartjs = "META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.js";
        this.files = Map.of(
                "console.css", new Asset("dev/loupe/server/console/console.css", "text/css; charset=utf-8"),
                "console.js", new Asset("dev/loupe/server/console/console.js", "text/javascript; charset=utf-8"),
                "chart.umd.js", new Asset(chartjs, "text/javascript; charset=utf-8"),
                "favicon.svg", new Asset("dev/loupe/server/console/favicon.svg", "image/svg+xml"));
    }

    /** The Chart.js version the build packaged (filtered from the POM into {@code console-assets.properties}). */
    static String chartJsVersion() {
        try (InputStream in = Assets.class.getResourceAsStream("console-assets.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("chartjs.version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("console-assets.properties is missing from the build", e);
        }
    }

    void serve(String name, ServerResponse res) throws IOException {
        Asset a = files.get(name);
        InputStream in = a == null ? null : Assets.class.getClassLoader().getResourceAsStream(a.resource());
        if (in == null) {
            res.status(Status.NOT_FOUND_404).send("no asset " + name);
            return;
        }
        try (in) {
            res.header(HeaderNames.CONTENT_TYPE, a.type());
            res.header(HeaderNames.CACHE_CONTROL, "max-age=3600");
            res.send(in.readAllBytes());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
