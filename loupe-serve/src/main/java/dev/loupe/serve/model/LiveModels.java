package dev.loupe.serve.model;

import dev.loupe.core.rollout.RolloutPlan.Mode;
import dev.loupe.serve.ServeException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Models that change while the server runs: per name a champion and, during a roll-out, a challenger
 * (shadow or canary). {@link #set} swaps them with no failed request.
 *
 * <p>How: each loaded version is reference-counted. The route holds one reference; every request
 * {@link #acquire acquires} one more (a compare-and-set that fails once the count has reached zero, in
 * which case the request re-reads the route and takes the new model). A swap publishes the new route
 * first and then drops the old route's reference, so the old model is closed by whichever release brings
 * its count to zero: after its last in-flight request. A version kept across a swap (the champion when
 * only the challenger changes) is not reloaded.
 *
 * <p>Canary: a request goes to the challenger when its routing key's hash, mapped to [0, 1), is below the
 * share: sticky per key, the same on every server.
 *
 * <p>Thread-safe; {@link #set}, {@link #remove} and {@link #close} are serialised. Owns the loaded models.
 */
public final class LiveModels implements ModelCatalog, AutoCloseable {

    /** Loads one version of a model (e.g. from the registry). */
    @FunctionalInterface
    public interface Loader {
        ModelFiles.Loaded load(String name, String version) throws Exception;
    }

    /**
     * What serves a name.
     *
     * @param champion   the version answering by default
     * @param challenger the roll-out's challenger version; empty without a roll-out
     * @param mode       how the challenger takes part (NONE when there is no challenger)
     * @param share      the canary's share of requests
     */
    public record Route(String champion, Optional<String> challenger, Mode mode, double share) {
        public Route {
            Objects.requireNonNull(champion, "champion");
            if (challenger.isEmpty() || challenger.get().equals(champion)) {
                challenger = Optional.empty();
                mode = Mode.NONE;
                share = 0;
            }
        }

        public static Route championOnly(String version) {
            return new Route(version, Optional.empty(), Mode.NONE, 0);
        }
    }

    private static final class Counted {
        final ModelFiles.Loaded loaded;
        final AtomicInteger refs = new AtomicInteger(1); // the route's own reference
        final Runnable onClose;

        Counted(ModelFiles.Loaded loaded, Runnable onClose) {
            this.loaded = loaded;
            this.onClose = onClose;
        }

        boolean retain() {
            for (int r = refs.get(); r > 0; r = refs.get()) {
                if (refs.compareAndSet(r, r + 1)) {
                    return true;
                }
            }
            return false;
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                onClose.run();
            }
        }

        String version() {
            return loaded.served().version();
        }
    }

    private record Routing(Route route, Counted champion, Counted challenger) {
    }

    private final Loader loader;
    private final Consumer<ServedModel> onClosed;
    private final Map<String, Routing> routes = new ConcurrentHashMap<>();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong unloads = new AtomicLong();

    /**
     * @param onClosed told of every model closed after it stopped serving (e.g. to forget its batcher)
     */
    public LiveModels(Loader loader, Consumer<ServedModel> onClosed) {
        this.loader = loader;
        this.onClosed = onClosed;
    }

    /**
     * Routes a name as given, loading the versions not loaded yet; the versions no longer routed are
     * closed once their in-flight requests finish. Nothing changes when loading fails.
     *
     * @throws Exception what the loader threw
     */
    public synchronized void set(String name, Route route) throws Exception {
        Routing old = routes.get(name);
        if (old != null && old.route().equals(route)) {
            return;
        }
        Map<String, Counted> kept = new HashMap<>();
        if (old != null) {
            kept.put(old.champion().version(), old.champion());
            if (old.challenger() != null) {
                kept.put(old.challenger().version(), old.challenger());
            }
        }
        List<Counted> fresh = new ArrayList<>();
        try {
            Counted champion = reuseOrLoad(name, route.champion(), kept, fresh);
            Counted challenger = route.challenger().isPresent() ? reuseOrLoad(name, route.challenger().get(), kept, fresh) : null;
            for (Counted c : kept.values()) {
                if (c == champion || c == challenger) {
                    c.retain(); // the new route's reference; the old route's is dropped below
                }
            }
            routes.put(name, new Routing(route, champion, challenger));
        } catch (Exception | Error e) {
            fresh.forEach(Counted::release);
            throw e;
        }
        if (old != null) {
            old.champion().release();
            if (old.challenger() != null) {
                old.challenger().release();
            }
        }
    }

    private Counted reuseOrLoad(String name, String version, Map<String, Counted> kept, List<Counted> fresh) throws Exception {
        Counted c = kept.get(version);
        if (c != null) {
            return c;
        }
        for (Counted f : fresh) {
            if (f.version().equals(version)) {
                return f;
            }
        }
        ModelFiles.Loaded loaded = loader.load(name, version);
        loads.incrementAndGet();
        Counted created = new Counted(loaded, () -> closeModel(loaded));
        fresh.add(created);
        return created;
    }

    private void closeModel(ModelFiles.Loaded loaded) {
        unloads.incrementAndGet();
        for (AutoCloseable c : loaded.owned()) {
            try {
                c.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(LiveModels.class).warn("closing {} {} failed: {}",
                        loaded.served().name(), loaded.served().version(), e.toString());
            }
        }
        onClosed.accept(loaded.served());
    }

    /** Stops serving a name; its models close after their in-flight requests. */
    public synchronized void remove(String name) {
        Routing old = routes.remove(name);
        if (old != null) {
            old.champion().release();
            if (old.challenger() != null) {
                old.challenger().release();
            }
        }
    }

    /** The route of a name now. */
    public Optional<Route> route(String name) {
        return Optional.ofNullable(routes.get(name)).map(Routing::route);
    }

    /** The names served now. */
    public Set<String> names() {
        return Set.copyOf(routes.keySet());
    }

    /** Model versions loaded since the start. */
    public long loads() {
        return loads.get();
    }

    /** Model versions closed since the start (after their last request). */
    public long unloads() {
        return unloads.get();
    }

    @Override
    public ModelLease acquire(String name, Optional<String> version, String routingKey) {
        while (true) {
            Routing r = routing(name);
            Counted chosen;
            ModelLease.Arm arm;
            if (version.isPresent() && !version.get().isEmpty()) {
                if (r.champion().version().equals(version.get())) {
                    chosen = r.champion();
                    arm = ModelLease.Arm.CHAMPION;
                } else if (r.challenger() != null && r.challenger().version().equals(version.get())) {
                    chosen = r.challenger();
                    arm = ModelLease.Arm.CHALLENGER;
                } else {
                    throw ServeException.notFound("model '" + name + "' has no version '" + version.get()
                            + "' served now; its versions are " + versions(r));
                }
            } else if (r.route().mode() == Mode.CANARY && unit(routingKey) < r.route().share()) {
                chosen = r.challenger();
                arm = ModelLease.Arm.CHALLENGER;
            } else {
                chosen = r.champion();
                arm = ModelLease.Arm.CHAMPION;
            }
            if (!chosen.retain()) {
                continue; // swapped out and closed meanwhile: the route has changed, read it again
            }
            Optional<ModelLease> shadow = Optional.empty();
            if (arm == ModelLease.Arm.CHAMPION && version.isEmpty() && r.route().mode() == Mode.SHADOW && r.challenger().retain()) {
                Counted s = r.challenger();
                shadow = Optional.of(new ModelLease(s.loaded.served(), ModelLease.Arm.SHADOW, Optional.empty(), once(s)));
            }
            return new ModelLease(chosen.loaded.served(), arm, shadow, once(chosen));
        }
    }

    private static Runnable once(Counted c) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                c.release();
            }
        };
    }

    /** A key's place in [0, 1): String.hashCode mixed (murmur3's finaliser), the same in every JVM. */
    static double unit(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return (h & 0xffffffffL) / 4294967296.0;
    }

    @Override
    public ServedModel resolve(String name, Optional<String> version) {
        Routing r = routing(name);
        if (version.isEmpty() || version.get().isEmpty() || r.champion().version().equals(version.get())) {
            return r.champion().loaded.served();
        }
        if (r.challenger() != null && r.challenger().version().equals(version.get())) {
            return r.challenger().loaded.served();
        }
        throw ServeException.notFound("model '" + name + "' has no version '" + version.get() + "' served now; its versions are "
                + versions(r));
    }

    @Override
    public List<String> versions(String name) {
        Routing r = routes.get(name);
        return r == null ? List.of() : versions(r);
    }

    private static List<String> versions(Routing r) {
        List<String> v = new ArrayList<>();
        v.add(r.champion().version());
        if (r.challenger() != null) {
            v.add(r.challenger().version());
        }
        v.sort(java.util.Comparator.comparing((String s) -> s.length()).thenComparing(s -> s));
        return v;
    }

    private Routing routing(String name) {
        Routing r = routes.get(name);
        if (r == null) {
            throw ServeException.notFound("unknown model '" + name + "'; this server serves " + new java.util.TreeSet<>(routes.keySet()));
        }
        return r;
    }

    /** Stops serving every name; each model closes after its in-flight requests. */
    @Override
    public synchronized void close() {
        for (String name : List.copyOf(routes.keySet())) {
            remove(name);
        }
    }
}
