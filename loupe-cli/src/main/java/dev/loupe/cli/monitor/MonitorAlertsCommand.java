package dev.loupe.cli.monitor;

import dev.loupe.cli.DurationOption;
import dev.loupe.cli.ExitCodes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.UserException;
import dev.loupe.core.monitoring.AlertState;
import dev.loupe.monitor.alert.AlertEvaluator;
import dev.loupe.monitor.alert.AlertRule;
import dev.loupe.monitor.alert.AlertSink;
import dev.loupe.monitor.alert.LogAlertSink;
import dev.loupe.monitor.alert.WebhookAlertSink;
import dev.loupe.monitor.metrics.MonitorMetrics;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.watch.MonitorJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code loupe monitor alerts}: the alert rules' saved states; with {@code --model} and {@code --rule},
 * evaluates the rules now against the model's monitors first (saving transitions, notifying the log and
 * an optional webhook). With {@code --json}: {@code {"evaluated": ..., "alerts": [...]}}. Exits 1 when a rule
 * is firing, with or without {@code --json}.
 */
@Command(name = "alerts", description = {"Alert rules' states (pending, firing, resolved) and history.",
        "With --model and --rule, evaluate the rules now against the model's monitors (e.g. --rule 'drift(brightness)'",
        "--rule 'estimated_recall < 0.95 for 10m'), notify --webhook. Exits 1 when a rule is firing."})
final class MonitorAlertsCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", paramLabel = "NAME[@VERSION]", description = "evaluate the rules against this model's monitors")
    String model;

    @Option(names = "--rule", paramLabel = "[NAME=]EXPR", description = "an alert rule: METRIC [OP NUMBER] [for DURATION]; metrics: drift(X), statistic(X), estimated_precision, estimated_recall, estimated_accuracy")
    List<String> rules = new ArrayList<>();

    @Option(names = "--since", paramLabel = "T", description = "predictions from this time or age (default: the reference's creation)")
    String since;

    @Option(names = "--hold", paramLabel = "D", description = "drift(X) stays 1 this long after X's alarm (default: ${DEFAULT-VALUE})")
    String hold = "1h";

    @Option(names = "--webhook", paramLabel = "URL", description = "POST firing and resolved alerts as JSON here")
    URI webhook;

    @Option(names = "--history", paramLabel = "N", description = "transitions to show per rule (default: ${DEFAULT-VALUE})")
    int history = 5;

    @Option(names = "--json", description = "print the states as JSON (same exit codes)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!rules.isEmpty() && model == null) {
            throw new UserException(ExitCodes.USAGE, "--rule needs --model (the monitors to evaluate against)");
        }
        if (webhook != null) {
            try {
                WebhookAlertSink.check(webhook);
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (MonitorSession s = new MonitorSession(global.config())) {
            ObjectNode evaluated = rules.isEmpty() ? null : evaluate(s, json ? spec.commandLine().getErr() : out);
            List<AlertState> states = s.store.monitoring().alertStates();
            if (json) {
                ObjectNode root = JsonOutput.object();
                root.set("evaluated", evaluated);
                ArrayNode alerts = root.putArray("alerts");
                for (AlertState st : states) {
                    ObjectNode a = (ObjectNode) JsonOutput.tree(MonitorJson.alert(st));
                    ArrayNode was = a.putArray("history");
                    earlier(s, st).forEach(h -> was.add(JsonOutput.tree(MonitorJson.alert(h))));
                    alerts.add(a);
                }
                JsonOutput.print(out, root);
            } else {
                if (evaluated != null) {
                    out.printf("evaluated %d rule(s) against %s version %s (%d predictions)%n", evaluated.get("rules").asInt(),
                            evaluated.get("model").asText(), evaluated.get("version").asText(),
                            evaluated.get("predictions").asLong());
                }
                if (states.isEmpty()) {
                    out.println("no alert rule has been evaluated yet");
                }
                for (AlertState st : states) {
                    out.printf(Locale.ROOT, "%-30s %-9s since %s  %s%n", st.rule(), st.status(), st.since(), st.message());
                    for (AlertState h : earlier(s, st)) {
                        out.printf(Locale.ROOT, "    was %-9s since %s%n", h.status(), h.since());
                    }
                }
            }
            out.flush();
            return states.stream().anyMatch(st -> st.status() == AlertState.Status.FIRING) ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    /** The rule's earlier states, newest first, at most {@code --history} - 1 of them. */
    private List<AlertState> earlier(MonitorSession s, AlertState st) {
        return s.store.monitoring().alertHistory(st.rule(), history).stream().skip(1).toList();
    }

    /**
     * Evaluates the rules and saves their states; {@code notes} gets a line when the webhook has not answered.
     * Returns what was evaluated: {@code rules}, {@code model}, {@code version}, {@code predictions}.
     */
    private ObjectNode evaluate(MonitorSession s, PrintWriter notes) throws InterruptedException {
        Duration holdFor = DurationOption.positive("--hold", hold);
        Instant given = since == null ? null : Since.parse("--since", since, Instant.now());
        MonitorStatusCommand.ModelRef ref = MonitorStatusCommand.ModelRef.parse(model);
        Reference reference = s.reference(ref.name(), ref.version());
        Instant from = given == null ? reference.createdAt() : given;
        MonitorSession.Replayed r = s.replay(reference, from, 1e6);
        List<AlertRule> parsed = rules.stream().map(spec -> rule(reference.model(), reference.version(), spec)).toList();
        for (AlertRule rule : parsed) {
            check(rule, r.monitor().monitors());
            if (rule.metric().startsWith("estimated_") && r.estimator().isEmpty()) {
                throw new UserException(ExitCodes.USAGE, "--rule " + rule.name() + ": " + rule.metric() + " needs a"
                        + " reference with the model's scores and labels of both classes, and " + reference.model()
                        + " version " + reference.version() + "'s has " + reference.scores().length + " scores, "
                        + (reference.labelled() ? "" : "no ") + "labels (build it with --scores CSV with a label column)");
            }
        }
        List<AlertSink> sinks = new ArrayList<>(List.of(new LogAlertSink()));
        WebhookAlertSink hook = webhook == null ? null : WebhookAlertSink.of(webhook);
        if (hook != null) {
            sinks.add(hook);
        }
        try {
            Clock clock = Clock.systemUTC();
            new AlertEvaluator(parsed, s.store.monitoring(), sinks, clock).evaluate(
                    new MonitorMetrics(r.monitor(), r.estimator().orElse(null), null, holdFor, clock));
            if (hook != null && !hook.awaitIdle(Duration.ofSeconds(30))) {
                notes.println("webhook " + webhook + " has not answered yet; undelivered alerts are dropped on exit");
            } else if (hook != null && hook.dropped() > 0) {
                notes.println("webhook " + webhook + ": " + hook.dropped() + " alert(s) "
                        + hook.lastFailure().orElse("not delivered"));
            }
        } finally {
            if (hook != null) {
                hook.close();
            }
        }
        return JsonOutput.object().put("rules", parsed.size()).put("model", reference.model())
                .put("version", reference.version()).put("predictions", r.result().predictions());
    }

    /**
     * {@code NAME=EXPRESSION} keeps its name; a bare expression is named {@code MODEL/VERSION: EXPRESSION}, as
     * {@code loupe server} names its rules, so the retraining triggers see its alerts as that version's.
     */
    private static AlertRule rule(String model, String version, String spec) {
        int eq = spec.indexOf('=');
        boolean named = eq > 0 && (eq + 1 == spec.length() || spec.charAt(eq + 1) != '=') && "<>!".indexOf(spec.charAt(eq - 1)) < 0;
        try {
            return (named ? AlertRule.parse(spec.substring(0, eq).strip(), spec.substring(eq + 1))
                    : AlertRule.parse(AlertState.ruleName(model, version, spec.strip()), spec)).about(model, version);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "--rule " + spec + ": " + e.getMessage());
        }
    }

    /** A rule on a metric the model's monitors do not give would never fire: refused before it is saved. */
    private static void check(AlertRule rule, List<String> detectors) {
        try {
            MonitorMetrics.check(rule.metric());
            if (rule.metric().equals("dropped_predictions")) {
                throw new IllegalArgumentException("dropped_predictions is a server's metric ('loupe server --alert')");
            }
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "--rule " + rule.name() + ": " + e.getMessage());
        }
        MonitorMetrics.detectorOf(rule.metric()).filter(d -> !detectors.contains(d)).ifPresent(d -> {
            throw new UserException(ExitCodes.USAGE, "--rule " + rule.name() + ": no detector '" + d + "' (detectors: "
                    + String.join(", ", detectors) + ")");
        });
    }
}
