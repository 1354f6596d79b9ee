package dev.loupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonOutputTest {

    @Test
    void print_nanAndInfinityAnywhereInTheTree_areNullAndTheTreeIsLeftAsItWas() throws Exception {
        ObjectNode doc = JsonOutput.object().put("top", Double.NaN).put("ok", 0.5);
        doc.putObject("nested").put("inf", Double.POSITIVE_INFINITY).put("float", Float.NaN);
        doc.putArray("values").add(1.0).add(Double.NEGATIVE_INFINITY);
        doc.set("from_a_map", JsonOutput.tree(Map.of("mean", Double.NaN, "list", List.of(Double.NaN, 2.0))));
        StringWriter out = new StringWriter();

        JsonOutput.print(new PrintWriter(out), doc);

        assertThat(out.toString()).doesNotContain("NaN", "Infinity");
        JsonNode printed = new ObjectMapper().readTree(out.toString());
        assertThat(printed.get("top").isNull()).isTrue();
        assertThat(printed.get("ok").asDouble()).isEqualTo(0.5);
        assertThat(printed.at("/nested/inf").isNull()).isTrue();
        assertThat(printed.at("/nested/float").isNull()).isTrue();
        assertThat(printed.at("/values/0").asDouble()).isEqualTo(1.0);
        assertThat(printed.at("/values/1").isNull()).isTrue();
        assertThat(printed.at("/from_a_map/mean").isNull()).isTrue();
        assertThat(printed.at("/from_a_map/list/0").isNull()).isTrue();
        assertThat(printed.at("/from_a_map/list/1").asDouble()).isEqualTo(2.0);
        assertThat(Double.isNaN(doc.get("top").doubleValue())).as("the caller's tree is not changed").isTrue();
    }
}
