package dev.loupe.data.imports;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {
    @Test
    void parse_quotesCommasNewlinesAndCrlf() {
        assertThat(Csv.parse("\uFEFFfile,note\r\na.png,\"x, \"\"y\"\"\nz\"\r\nb.png,\n\n"))
                .containsExactly(List.of("file", "note"), List.of("a.png", "x, \"y\"\nz"), List.of("b.png", ""));
    }

    @Test
    void line_roundTripsThroughParse() {
        List<String> fields = List.of("a,b", "say \"hi\"", "", "plain");
        assertThat(Csv.parse(Csv.line(fields))).containsExactly(fields);
    }

    @Test
    void majority_pluralityWins_tieOrNoVotesGivesNone() {
        assertThat(Consensus.majority(List.of("ok", "ok", "defect"))).contains("ok");
        assertThat(Consensus.majority(List.of("ok", "defect"))).isEqualTo(Optional.empty());
        assertThat(Consensus.majority(List.of("ok", " ", ""))).contains("ok");
        assertThat(Consensus.majority(List.of())).isEmpty();
    }
}
