package dev.loupe.serve.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorBodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void of_everyControlCharacterQuoteAndBackslash_isValidJsonWithTheMessage() throws Exception {
        StringBuilder message = new StringBuilder("say \"no\" \\ then");
        for (char c = 0; c < 0x20; c++) {
            message.append(c);
        }
        message.append('\u007f').append('\u2028');

        JsonNode body = JSON.readTree(ErrorBody.of(message.toString()));

        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("error").asText()).isEqualTo(message.toString());
    }

    @Test
    void of_unpairedSurrogate_isStillValidJson() throws Exception {
        JsonNode body = JSON.readTree(ErrorBody.of("half \uD800 a pair"));

        assertThat(body.get("error").asText()).startsWith("half ").endsWith(" a pair");
    }

    @Test
    void of_null_saysError() throws Exception {
        assertThat(JSON.readTree(ErrorBody.of(null)).get("error").asText()).isEqualTo("error");
    }
}
