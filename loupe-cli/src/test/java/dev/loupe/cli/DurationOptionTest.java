package dev.loupe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every option that takes a duration reads it one way and refuses what is not one, naming the option. */
class DurationOptionTest {
    @TempDir
    Path home;

    private CliRun replay(String interval) {
        return CliRun.of("monitor", "replay", "--home", home.toString(), "--model", "parts@1", "--input",
                home.resolve("frames").toString(), "--interval", interval);
    }

    private static void assertRefused(CliRun r, String option, String value, String bound) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.toString()).isEqualTo("loupe: " + option + " takes a duration " + bound + ": a number and a unit"
                + " (ms, s, m, h, d, w) such as 30s, 10m, 2h or 7d (got '" + value + "')" + System.lineSeparator());
    }

    @Test
    void replayInterval_negative_isAUsageErrorNamingTheOption() {
        assertRefused(replay("-5s"), "--interval", "-5s", "above 0");
    }

    @Test
    void replayInterval_zero_isAUsageError() {
        assertRefused(replay("0s"), "--interval", "0s", "above 0");
    }

    @Test
    void replayInterval_numberWithoutAUnit_isAUsageError() {
        assertRefused(replay("30"), "--interval", "30", "above 0");
    }

    @Test
    void replayInterval_unknownUnit_isAUsageError() {
        assertRefused(replay("2y"), "--interval", "2y", "above 0");
    }

    @Test
    void replayInterval_theProjectFilesUnits_areAccepted_soTheFolderIsWhatIsMissing() {
        for (String d : new String[] {"500ms", "1.5h", "2W", " 30 s "}) {
            CliRun r = replay(d);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(r.toString()).contains("--input " + home.resolve("frames") + ": no such directory");
        }
    }

    @Test
    void alertsHold_negativeOrZero_isAUsageError() {
        for (String hold : new String[] {"-1h", "0m"}) {
            CliRun r = CliRun.of("monitor", "alerts", "--home", home.toString(), "--model", "parts", "--rule",
                    "drift(brightness)", "--hold", hold);
            assertRefused(r, "--hold", hold, "above 0");
        }
    }

    @Test
    void statusSince_negativeOrZeroAge_isAUsageErrorNamingTheOption() {
        for (String age : new String[] {"-5s", "0d", "7"}) {
            CliRun r = CliRun.of("monitor", "status", "--home", home.toString(), "--model", "parts", "--since", age);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(r.toString()).isEqualTo("loupe: --since takes a time or an age above 0 such as"
                    + " 2025-03-01T06:00:00Z, 90m, 2h, 7d (got '" + age + "')" + System.lineSeparator());
        }
    }

    @Test
    void watchInterval_belowASecond_isAUsageError() {
        for (String interval : new String[] {"500ms", "0s", "-30s", "30"}) {
            CliRun r = CliRun.of("pipeline", "watch", "--once", "--home", home.toString(), "--interval", interval);
            assertRefused(r, "--interval", interval, "of at least 1s");
        }
    }

    @Test
    @Timeout(30) // accepted, the server would start and serve until stopped
    void serverTriggerInterval_zero_isAUsageError() {
        CliRun r = CliRun.of("server", "--port", "0", "--home", home.toString(), "--trigger-interval", "0s");
        assertRefused(r, "--trigger-interval", "0s", "of at least 1s");
    }
}
