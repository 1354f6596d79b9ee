package dev.loupe.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every group's {@code --help} lists each subcommand with the first line of its description: that line must be a
 * whole sentence, or the listing cuts the summary mid-sentence.
 */
class HelpListingTest {
    private static final Pattern ENTRY = Pattern.compile("^  (\\S+)\\s+(.*)$");

    @Test
    void help_everyGroup_listsEachSubcommandWithAWholeSentence() {
        List<List<String>> groups = new ArrayList<>();
        collectGroups(LoupeCommand.commandLine(), new ArrayList<>(), groups);
        assertThat(groups).hasSizeGreaterThan(5);

        List<String> cut = new ArrayList<>();
        for (List<String> group : groups) {
            List<String> args = new ArrayList<>(group);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.toString()).isZero();
            List<String> summaries = summaries(run.out());
            assertThat(summaries).as("loupe %s --help lists its subcommands", String.join(" ", group)).isNotEmpty();
            for (String s : summaries) {
                if (!s.endsWith(".")) {
                    cut.add(("loupe " + String.join(" ", group)).strip() + ": " + s);
                }
            }
        }
        assertThat(cut).as("summaries cut mid-sentence").isEmpty();
    }

    private static void collectGroups(CommandLine cmd, List<String> path, List<List<String>> into) {
        if (cmd.getSubcommands().isEmpty()) {
            return;
        }
        into.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) { // each command once, not again under its aliases
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collectGroups(sub, next, into);
            }
        });
    }

    /** Each subcommand's summary in a help text's "Commands:" section, its wrapped lines joined. */
    private static List<String> summaries(String help) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                in = true;
            } else if (in && line.isBlank()) {
                break;
            } else if (in) {
                Matcher m = ENTRY.matcher(line);
                if (m.matches()) {
                    out.add(m.group(1) + " " + m.group(2).strip());
                } else {
                    out.set(out.size() - 1, out.getLast() + " " + line.strip());
                }
            }
        }
        return out;
    }
}
