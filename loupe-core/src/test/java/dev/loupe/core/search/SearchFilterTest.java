package dev.loupe.core.search;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchFilterTest {

    private static final Map<String, Object> RUN = Map.of(
            "metric.auc", 0.93, "metric.diverged", Double.NaN, "param.lr", "0.01", "tag.mlflow.user", "alice", "tag.my key", "v",
            "attribute.status", "FINISHED", "attribute.start_time", 1000L, "dataset.digest", List.of("d1", "d2"));

    private static boolean matches(String filter) {
        return SearchFilter.parse(filter).matches(f -> RUN.get(f.entity().name().toLowerCase() + "." + f.key()));
    }

    @Test
    void parse_conjunctionOfMlflowClauses_matches() {
        assertThat(matches("metrics.auc > 0.9 and params.lr = '0.01'")).isTrue();
        assertThat(matches("metrics.auc > 0.95 AND params.lr = '0.01'")).isFalse();
        assertThat(matches("attributes.status = 'FINISHED'")).isTrue();
        assertThat(matches("attribute.start_time >= 1000")).isTrue();
    }

    @Test
    void parse_quotedKeys_andDottedKeys() {
        assertThat(matches("tags.\"my key\" = 'v'")).isTrue();
        assertThat(matches("tags.`my key` = \"v\"")).isTrue();
        assertThat(matches("tags.mlflow.user = 'alice'")).isTrue();
    }

    @Test
    void like_ilike_in_notIn() {
        assertThat(matches("tags.mlflow.user LIKE 'al%'")).isTrue();
        assertThat(matches("tags.mlflow.user LIKE 'AL%'")).isFalse();
        assertThat(matches("tags.mlflow.user ILIKE 'AL%'")).isTrue();
        assertThat(matches("attributes.status IN ('FAILED', 'FINISHED')")).isTrue();
        assertThat(matches("attributes.status NOT IN ('FINISHED')")).isFalse();
    }

    @Test
    void multiValuedField_matchesAnyValue() {
        assertThat(matches("datasets.digest = 'd2'")).isTrue();
        assertThat(matches("datasets.digest = 'd3'")).isFalse();
    }

    @Test
    void nanMetric_isNeitherEqualToNorBelowNorAboveAnyNumber() {
        assertThat(matches("metrics.diverged > 0")).isFalse();
        assertThat(matches("metrics.diverged < 0")).isFalse();
        assertThat(matches("metrics.diverged >= 0")).isFalse();
        assertThat(matches("metrics.diverged = 0")).isFalse();
        assertThat(matches("metrics.diverged != 0")).isTrue();
    }

    @Test
    void missingField_neverMatches_evenWithNotEquals() {
        assertThat(matches("metrics.loss != 1")).isFalse();
    }

    @Test
    void parse_errors_sayWhatIsWrong() {
        assertThatThrownBy(() -> SearchFilter.parse("metrics.auc > 'x'")).hasMessageContaining("numeric");
        assertThatThrownBy(() -> SearchFilter.parse("params.lr = 0.01")).hasMessageContaining("quoted");
        assertThatThrownBy(() -> SearchFilter.parse("metrics.auc >")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SearchFilter.parse("metrics.auc > 1 or metrics.auc < 0")).hasMessageContaining("AND");
        assertThatThrownBy(() -> SearchFilter.parse("foo.bar = 'x'")).hasMessageContaining("Invalid entity");
    }

    @Test
    void orderBy_parsesDirection_andPutsMissingLast() {
        OrderBy desc = OrderBy.parse("metrics.auc DESC");
        assertThat(desc).isEqualTo(new OrderBy(new Field(Field.Entity.METRIC, "auc"), false));
        assertThat(OrderBy.parse("params.lr").ascending()).isTrue();
        List<Map<String, Double>> rows = new java.util.ArrayList<>(List.of(Map.of("auc", 0.5), Map.of(), Map.of("auc", 0.9)));
        rows.sort(desc.comparator(r -> f -> r.get(f.key())));
        assertThat(rows).containsExactly(Map.of("auc", 0.9), Map.of("auc", 0.5), Map.of());
    }

    @Test
    void page_tokens_walkThroughAllItems() {
        List<Integer> all = List.of(1, 2, 3, 4, 5);
        Page<Integer> p1 = Page.of(all, 2, null);
        Page<Integer> p2 = Page.of(all, 2, p1.nextPageToken());
        Page<Integer> p3 = Page.of(all, 2, p2.nextPageToken());
        assertThat(p1.items()).containsExactly(1, 2);
        assertThat(p2.items()).containsExactly(3, 4);
        assertThat(p3.items()).containsExactly(5);
        assertThat(p3.nextPageToken()).isNull();
        assertThatThrownBy(() -> Page.of(all, 2, "garbage!")).isInstanceOf(IllegalArgumentException.class);
    }
}
