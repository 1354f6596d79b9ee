package dev.loupe.serve.metrics;

import dev.loupe.core.monitoring.Promtool;
import dev.loupe.serve.Http;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.ServeFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} of a bare prediction server ({@code loupe serve}), scraped over a real socket. */
class ServeMetricsTest {
    private static final String INFER = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}";

    ServeFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = ServeFixture.start(ServeConfig.defaults().withPorts(0, -1));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void scrape_afterRequests_countsThemByVersionAndOutcome() throws Exception {
        assertThat(fx.http.postJson("/v2/models/tiny/infer", INFER).status()).isEqualTo(200);
        assertThat(fx.http.postJson("/v2/models/tiny/versions/1/infer", INFER).status()).isEqualTo(200);
        assertThat(fx.http.postJson("/v2/models/tiny/versions/1/infer", INFER).status()).isEqualTo(200);
        assertThat(fx.http.postJson("/v2/models/tiny/infer", "{\"inputs\": [").status()).isEqualTo(400);

        Http.Response r = fx.http.get("/metrics");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        String text = r.text();
        assertThat(text).contains("loupe_requests_total{model=\"tiny\",version=\"2\",outcome=\"ok\"} 1\n")
                .contains("loupe_requests_total{model=\"tiny\",version=\"1\",outcome=\"ok\"} 2\n")
                .contains("loupe_requests_total{model=\"tiny\",version=\"2\",outcome=\"bad_request\"} 1\n")
                .contains("loupe_request_infer_seconds_count{model=\"tiny\",version=\"1\"} 2\n")
                .contains("loupe_request_duration_seconds_bucket{model=\"tiny\",version=\"2\",le=\"+Inf\"} 1\n")
                .contains("# TYPE loupe_inference_in_flight gauge\nloupe_inference_in_flight 0\n")
                .contains("loupe_inference_queue_waiting 0\n");
        Promtool.check(text);
    }

    @Test
    void scrape_requestsForNamesNotServed_addNoSeriesPerName() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(fx.http.postJson("/v2/models/made-up-" + i + "/infer", INFER).status()).isEqualTo(404);
            assertThat(fx.http.postJson("/v2/models/tiny/versions/v" + i + "/infer", INFER).status()).isEqualTo(404);
            assertThat(fx.http.postJson("/v2/models/other-" + i + "/versions/9/infer", "{\"inputs\": [").status()).isIn(400, 404);
        }

        String text = fx.http.get("/metrics").text();

        assertThat(text).doesNotContain("made-up-", "other-", "version=\"v");
        assertThat(text).contains("loupe_requests_total{model=\"\",version=\"\",outcome=\"not_found\"} ")
                .contains("loupe_requests_total{model=\"tiny\",version=\"\",outcome=\"not_found\"} 20\n");
        Promtool.check(text);
    }

    @Test
    void scrape_beforeAnyRequest_hasTheFamiliesAndNoSamples() {
        String text = fx.http.get("/metrics").text();

        assertThat(text).contains("# TYPE loupe_requests_total counter\n", "# TYPE loupe_request_queue_seconds histogram\n",
                "# TYPE loupe_batch_size histogram\n").doesNotContain("loupe_requests_total{");
    }
}
