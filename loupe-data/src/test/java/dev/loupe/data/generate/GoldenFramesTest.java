package dev.loupe.data.generate;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seed names a dataset: the same seed must give the same bytes on every machine, JVM and release.
 * The digest below was computed when the generator was written (and is the same interpreted, C1 and C2
 * compiled). If you change the generator on purpose, every dataset a seed produces changes: update
 * the digest and say so in the commit.
 */
class GoldenFramesTest {
    private static final String DIGEST = "1c703182fd96b971eaaaf14647ab9d4329887f93177ca161466dea94c0369fe8";

    @Test
    void frames_ofEveryScenario_matchTheRecordedDigest() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Scenario s : Scenario.values()) {
            ProductionLine line = new ProductionLine(s, 2024, LineOptions.defaults().withStreamLength(100));
            for (int i = 0; i < 100; i += 7) {
                md.update(line.frame(i).png());
            }
        }
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(DIGEST);
    }
}
