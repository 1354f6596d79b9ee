package dev.loupe.server.serving;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.serve.model.LiveModels;
import dev.loupe.serve.model.ModelFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Serves what the registry says: every registered model with a {@code champion} alias is served as that
 * version, with its stored {@link RolloutPlan}'s challenger (a version number or an alias) in shadow or
 * canary. {@link #refresh()} reads the registry and the plans and applies them to {@link LiveModels};
 * a background thread calls it every {@code interval}, so an alias moved by another process (the CLI,
 * another server sharing the database) is served within one interval plus the model's load time.
 *
 * <p>A version that cannot be loaded is reported ({@link #problems()}) and the model keeps its previous
 * route. Thread-safe; {@link #close()} stops the polling (not the models: their owner closes them).
 */
final class RegistryModels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryModels.class);
    static final String CHAMPION = ModelRegistry.CHAMPION;

    private final ModelRegistry registry;
    private final RolloutRepository rollouts;
    private final LiveModels live;
    private final Consumer<String> routeChanged;
    private final Map<String, String> problems = new ConcurrentHashMap<>(); // versions that failed to load
    private final Map<String, String> planProblems = new ConcurrentHashMap<>(); // plans naming no version of the model
    private final ScheduledExecutorService poller;

    /**
     * @param routeChanged told of each model whose route changed (its roll-out figures start afresh)
     */
    RegistryModels(ModelRegistry registry, RolloutRepository rollouts, LiveModels live, Duration interval,
                   Consumer<String> routeChanged) {
        this.registry = registry;
        this.rollouts = rollouts;
        this.live = live;
        this.routeChanged = routeChanged;
        refresh();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("loupe-registry-poll").unstarted(r));
        poller.scheduleWithFixedDelay(this::refreshQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The loader {@link LiveModels} uses: a registered version's package, with the serving decision policy. */
    static LiveModels.Loader loader(ModelRegistry registry, ModelResolver resolver, UnaryOperator<DecisionPolicy> policy) {
        return (name, version) -> {
            ModelVersion v = registry.version(name, Integer.parseInt(version))
                    .orElseThrow(() -> new NotFoundException("no model version " + name + "/" + version));
            ModelPackage pkg = resolver.fromSource(v.source(), v.ref());
            return ModelFiles.load(name, version, pkg, policy.apply(DecisionPolicy.of(pkg.descriptor())));
        };
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("reading the registry failed: {}", e.toString());
        }
    }

    /** Applies the registry's champions and the stored roll-out plans now. */
    synchronized void refresh() {
        Map<String, RolloutPlan> plans = new HashMap<>();
        for (RolloutPlan p : rollouts.plans()) {
            plans.put(p.model(), p);
        }
        Set<String> served = new HashSet<>();
        for (RegisteredModel m : registry.models()) {
            Integer champion = m.aliases().get(CHAMPION);
            if (champion == null || m.name().contains("/") || m.name().isBlank()) {
                continue;
            }
            served.add(m.name());
            LiveModels.Route route = route(m, champion, Optional.ofNullable(plans.get(m.name())));
            Optional<LiveModels.Route> before = live.route(m.name());
            if (before.isPresent() && before.get().equals(route)) {
                problems.remove(m.name()); // served as the registry says: an earlier failed load no longer matters
                continue;
            }
            try {
                live.set(m.name(), route);
                problems.remove(m.name());
                routeChanged.accept(m.name());
                LOG.info("serving {}: champion {}{}", m.name(), route.champion(), route.challenger()
                        .map(c -> ", " + route.mode().wireName() + " challenger " + c).orElse(""));
            } catch (Exception e) {
                String problem = "cannot load " + m.name() + " (champion " + route.champion()
                        + route.challenger().map(c -> ", challenger " + c).orElse("") + "): " + e.getMessage();
                if (!problem.equals(problems.put(m.name(), problem))) {
                    LOG.warn(problem);
                }
            }
        }
        for (String name : live.names()) {
            if (!served.contains(name)) {
                live.remove(name);
                routeChanged.accept(name);
                LOG.info("no longer serving {}: it has no champion", name);
            }
        }
    }

    private LiveModels.Route route(RegisteredModel m, int champion, Optional<RolloutPlan> plan) {
        planProblems.remove(m.name());
        if (plan.isEmpty() || plan.get().mode() == RolloutPlan.Mode.NONE) {
            return LiveModels.Route.championOnly(Integer.toString(champion));
        }
        Optional<Integer> challenger = challengerVersion(registry, m, plan.get().challenger());
        if (challenger.isEmpty()) {
            planProblems.put(m.name(), "roll-out challenger '" + plan.get().challenger() + "' is not a version or alias of " + m.name());
            return LiveModels.Route.championOnly(Integer.toString(champion));
        }
        return new LiveModels.Route(Integer.toString(champion), Optional.of(Integer.toString(challenger.get())),
                plan.get().mode(), plan.get().share());
    }

    /**
     * A roll-out's challenger as a version: a number of a version the registry still has (not deleted), or
     * an alias of the model.
     */
    static Optional<Integer> challengerVersion(ModelRegistry registry, RegisteredModel m, String challenger) {
        if (challenger.matches("[0-9]{1,9}")) {
            int v = Integer.parseInt(challenger);
            return v >= 1 && v <= m.latestVersion() && registry.version(m.name(), v).isPresent() ? Optional.of(v) : Optional.empty();
        }
        return Optional.ofNullable(m.aliases().get(challenger));
    }

    /** Models whose registry state cannot be served now, with why. */
    Map<String, String> problems() {
        Map<String, String> all = new HashMap<>(planProblems);
        problems.forEach((model, p) -> all.merge(model, p, (plan, load) -> plan + "; " + load));
        return Map.copyOf(all);
    }

    List<String> served() {
        return live.names().stream().sorted().toList();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
