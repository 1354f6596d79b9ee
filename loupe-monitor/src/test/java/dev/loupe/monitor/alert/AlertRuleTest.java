package dev.loupe.monitor.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertRuleTest {

    @Test
    void parse_thresholdWithFor() {
        AlertRule r = AlertRule.parse("low-recall", "estimated_recall < 0.95 for 10m");
        assertThat(r).isEqualTo(new AlertRule("low-recall", "estimated_recall", "<", 0.95, Duration.ofMinutes(10)));
        assertThat(r.holds(OptionalDouble.of(0.9))).isTrue();
        assertThat(r.holds(OptionalDouble.of(0.95))).isFalse();
        assertThat(r.holds(OptionalDouble.empty())).isFalse();
        assertThat(r.expression()).isEqualTo("estimated_recall < 0.95 for 10m");
    }

    @Test
    void expression_readsBackAsTheSameRule_whateverTheHold() {
        for (String hold : new String[] {"90m", "45s", "2h", "36h", "1d", "3d", "61s"}) {
            AlertRule r = AlertRule.parse("r", "drift(brightness) != 0 for " + hold);
            assertThat(r.expression()).isEqualTo("drift(brightness) != 0 for " + hold);
            assertThat(AlertRule.parse("r", r.expression())).isEqualTo(r);
        }
    }

    @Test
    void parse_bareDetectorMeansNonZero() {
        AlertRule r = AlertRule.parse(null, "drift(brightness)");
        assertThat(r.name()).isEqualTo("drift(brightness)");
        assertThat(r.metric()).isEqualTo("drift(brightness)");
        assertThat(r.holds(OptionalDouble.of(1))).isTrue();
        assertThat(r.holds(OptionalDouble.of(0))).isFalse();
        assertThat(r.hold()).isZero();
    }

    @Test
    void parse_garbage_saysWhatIsExpected() {
        assertThatThrownBy(() -> AlertRule.parse(null, "recall is bad"))
                .hasMessageContaining("estimated_recall < 0.95 for 10m");
    }
}
