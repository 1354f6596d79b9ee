package dev.loupe.cli.monitor;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.monitor.reference.Reference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe monitor status --model NAME}: replays the model version's prediction log through its
 * calibrated detectors, records new alarms, and prints each detector and what is drifting (with
 * {@code --json}, as {@link StatusView#json}). Exits 1 when something drifts, with or without {@code --json}.
 */
@Command(name = "status", description = {"What is drifting, since when, how much.",
        "The prediction log since --since replayed through the model version's calibrated detectors.",
        "Exits 1 when something drifts."})
final class MonitorStatusCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", required = true, paramLabel = "NAME[@VERSION]", description = "the model (default version: its newest reference)")
    String model;

    @Option(names = "--since", paramLabel = "T", description = "from this time (ISO-8601) or age (90m, 2h, 7d); default: the reference's creation")
    String since;

    @Option(names = "--budget", paramLabel = "N", description = "predictions per false alarm, per detector (default: ${DEFAULT-VALUE})")
    double budget = 1e6;

    @Option(names = "--json", description = "print the status as JSON (same exit codes)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelRef ref = ModelRef.parse(model);
        Instant given = since == null ? null : Since.parse("--since", since, Instant.now());
        try (MonitorSession s = new MonitorSession(global.config())) {
            Reference reference = s.reference(ref.name(), ref.version());
            Instant from = given == null ? reference.createdAt() : given;
            MonitorSession.Replayed r = s.replay(reference, from, budget);
            List<DriftAlarm> alarms = s.store.monitoring().alarms(reference.model(), from).stream()
                    .filter(a -> a.version().equals(reference.version())).toList();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, StatusView.json(reference, r, from, alarms, s.store.monitoring().alertStates()));
            } else {
                StatusView.print(out, reference, r.monitor(), r.result(), alarms);
                out.flush();
            }
            return alarms.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /** {@code NAME} or {@code NAME@VERSION}. */
    record ModelRef(String name, Optional<String> version) {
        static ModelRef parse(String s) {
            int at = s.indexOf('@');
            return at < 0 ? new ModelRef(s, Optional.empty()) : new ModelRef(s.substring(0, at), Optional.of(s.substring(at + 1)));
        }
    }
}
