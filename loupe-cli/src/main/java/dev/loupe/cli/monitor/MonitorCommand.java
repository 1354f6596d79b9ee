package dev.loupe.cli.monitor;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe monitor ...}: what is drifting, alerts, reports, replays, retention. */
@Command(name = "monitor", description = "Monitoring: drift status, alerts, drift reports with worst examples, "
        + "offline replay of an image folder, references, prediction-log retention.",
        subcommands = {MonitorStatusCommand.class, MonitorAlertsCommand.class, MonitorReportCommand.class,
                MonitorReplayCommand.class, MonitorReferenceCommand.class, MonitorRetentionCommand.class})
public final class MonitorCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
