package dev.loupe.core.monitoring;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.loupe.core.monitoring.Predictions.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link PredictionLog} and {@link FeedbackStore} contract. Every metadata store adapter's test
 * extends this and supplies a fresh, empty, migrated store.
 */
public abstract class PredictionLogContract {

    protected MetadataStore store;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void append_thenQuery_returnsEveryFieldAsWritten() {
        LoggedPrediction p = Predictions.of("m", 7).withImage(Predictions.blob('a'));
        store.predictions().append(List.of(p, Predictions.of("m", 8)));
        List<LoggedPrediction> got = store.predictions().query(PredictionQuery.since("m", T0, 10));
        assertThat(got).containsExactly(p, Predictions.of("m", 8));
    }

    @Test
    void append_withEmbedding_readsTheEmbeddingBack() {
        float[] embedding = {0.5f, -1.25f, 3e-7f, Float.MAX_VALUE};
        store.predictions().append(List.of(Predictions.of("m", 7).withEmbedding(embedding)));
        LoggedPrediction got = store.predictions().query(PredictionQuery.since("m", T0, 10)).getFirst();
        assertThat(got.embedding()).hasValueSatisfying(e -> assertThat(e).containsExactly(embedding));
        assertThat(got.requestId()).isEqualTo(Predictions.of("m", 7).requestId());
    }

    @Test
    void append_withoutImageStatistics_readsBackWithoutThem() {
        LoggedPrediction tensor = Predictions.withoutStats(Predictions.of("m", 3));
        store.predictions().append(List.of(tensor, Predictions.of("m", 4)));
        assertThat(store.predictions().query(PredictionQuery.since("m", T0, 10))).containsExactly(tensor, Predictions.of("m", 4));
        assertThat(store.predictions().byRequestId(tensor.requestId()).orElseThrow().stats()).isEmpty();
    }

    @Test
    void append_withNaNValues_readsThemBackAsNaN() {
        LoggedPrediction p = Predictions.of("m", 5);
        ImageStats s = p.stats().orElseThrow();
        LoggedPrediction nan = new LoggedPrediction(p.time(), p.model(), p.version(), p.station(), p.requestId(),
                new ImageStats(Double.NaN, s.contrast(), Double.NaN, s.red(), s.green(), s.blue(), Double.NaN),
                Double.NaN, p.label(), p.decision(), p.latencyNanos(), p.image());
        store.predictions().append(List.of(nan, Predictions.of("m", 6)));
        List<LoggedPrediction> got = store.predictions().query(PredictionQuery.since("m", T0, 10));
        assertThat(got).hasSize(2); // a NaN score no longer fails the batch (SQLite has no NaN)
        ImageStats back = got.getFirst().stats().orElseThrow(); // a NaN brightness is not "no statistics"
        assertThat(back.brightness()).isNaN();
        assertThat(back.sharpness()).isNaN();
        assertThat(back.saturation()).isNaN();
        assertThat(back.contrast()).isEqualTo(s.contrast());
        assertThat(got.getFirst().score()).isNaN();
        assertThat(got.get(1)).isEqualTo(Predictions.of("m", 6));
    }

    @Test
    void traffic_averagesImageStatisticsOnlyOverPredictionsThatHaveThem() {
        store.predictions().append(List.of(Predictions.of("m", 1), Predictions.withoutStats(Predictions.of("m", 2))));
        TrafficBucket b = store.predictionSummaries().traffic(Optional.of("m"), T0, T0.plusSeconds(10),
                java.time.Duration.ofSeconds(10)).getFirst();
        assertThat(b.total()).isEqualTo(2);
        assertThat(b.meanStats().brightness()).isCloseTo(0.401, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(b.meanScore()).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void traffic_averagesEachValueOverThePredictionsWhereItIsKnown_NaNsLeftOut() {
        // 1 and 2 are passed, 8 rejected: two groups in SQL, one with no known brightness
        LoggedPrediction nanBrightness = with(Predictions.of("m", 8), new ImageStats(Double.NaN, 0.3, 0.9, 0.5, 0.5, 0.5, Double.NaN), 0.8);
        LoggedPrediction nanScore = with(Predictions.of("m", 1), new ImageStats(0.2, 0.1, 0.1, 0.5, 0.5, 0.5, Double.NaN), Double.NaN);
        LoggedPrediction known = with(Predictions.of("m", 2), new ImageStats(0.4, 0.2, 0.2, 0.5, 0.5, 0.5, Double.NaN), 0.2);
        store.predictions().append(List.of(nanScore, known, nanBrightness));
        TrafficBucket b = store.predictionSummaries().traffic(Optional.of("m"), T0, T0.plusSeconds(10),
                java.time.Duration.ofSeconds(10)).getFirst();
        org.assertj.core.data.Offset<Double> eps = org.assertj.core.data.Offset.offset(1e-9);
        assertThat(b.total()).isEqualTo(3);
        assertThat(b.meanStats().brightness()).isCloseTo(0.3, eps); // over 1 and 2
        assertThat(b.meanStats().contrast()).isCloseTo(0.2, eps); // over all three, 8's too
        assertThat(b.meanStats().sharpness()).isCloseTo(0.4, eps);
        assertThat(b.meanStats().saturation()).isNaN(); // known nowhere: unknown, not 0
        assertThat(b.meanScore()).isCloseTo(0.5, eps); // over 2 and 8: a NaN score is no score of 0
    }

    @Test
    void traffic_withLatenciesWhoseSumPassesALong_stillAverages() {
        // latency_ns comes from edge agents as sent; SQLite's SUM of integers fails on overflow, AVG did not
        long huge = Long.MAX_VALUE / 2 + 1;
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            LoggedPrediction p = Predictions.of("m", i);
            batch.add(new LoggedPrediction(p.time(), p.model(), p.version(), p.station(), p.requestId(), p.stats(),
                    p.score(), p.label(), p.decision(), huge, p.image(), p.embedding()));
        }
        store.predictions().append(batch);
        TrafficBucket b = store.predictionSummaries().traffic(Optional.of("m"), T0, T0.plusSeconds(10),
                java.time.Duration.ofSeconds(10)).getFirst();
        assertThat(b.total()).isEqualTo(2);
        assertThat(b.meanLatencyNanos()).isCloseTo((double) huge, org.assertj.core.data.Offset.offset(1e6));
    }

    private static LoggedPrediction with(LoggedPrediction p, ImageStats stats, double score) {
        return new LoggedPrediction(p.time(), p.model(), p.version(), p.station(), p.requestId(), Optional.of(stats),
                score, p.label(), p.decision(), p.latencyNanos(), p.image(), p.embedding());
    }

    @Test
    void query_isInStreamOrder_evenWithinOneMillisecond() {
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(Predictions.at("m", "1", "same-ms-" + i, T0, i));
        }
        store.predictions().append(batch.subList(0, 10));
        store.predictions().append(batch.subList(10, 20));
        assertThat(store.predictions().query(PredictionQuery.since("m", T0, 100)))
                .extracting(LoggedPrediction::requestId).containsExactlyElementsOf(batch.stream().map(LoggedPrediction::requestId).toList());
    }

    @Test
    void query_selectsModelVersionRangeAndLimit() {
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(Predictions.at("m", i < 5 ? "1" : "2", "r" + i, T0.plusSeconds(i), i));
            batch.add(Predictions.of("other", i));
        }
        store.predictions().append(batch);
        PredictionQuery range = new PredictionQuery("m", Optional.empty(), T0.plusSeconds(2), T0.plusSeconds(8), 100);
        assertThat(store.predictions().query(range)).extracting(LoggedPrediction::requestId)
                .containsExactly("r2", "r3", "r4", "r5", "r6", "r7");
        assertThat(store.predictions().query(range.withVersion("2"))).extracting(LoggedPrediction::requestId)
                .containsExactly("r5", "r6", "r7");
        assertThat(store.predictions().query(PredictionQuery.since("m", T0, 3))).extracting(LoggedPrediction::requestId)
                .containsExactly("r0", "r1", "r2");
        assertThat(store.predictions().count("m", T0, T0.plusSeconds(5))).isEqualTo(5);
    }

    @Test
    void byRequestId_findsThePrediction() {
        store.predictions().append(List.of(Predictions.of("m", 1), Predictions.of("m", 2)));
        assertThat(store.predictions().byRequestId("r-m-2")).contains(Predictions.of("m", 2));
        assertThat(store.predictions().byRequestId("nope")).isEmpty();
    }

    @Test
    void oldestAndImagesBefore_whatRetentionWalksThrough() {
        assertThat(store.predictions().oldest()).isEmpty();
        store.predictions().append(List.of(Predictions.of("m", 5).withImage(Predictions.blob('a')), Predictions.of("m", 3),
                Predictions.of("n", 7).withImage(Predictions.blob('b')), Predictions.of("n", 8).withImage(Predictions.blob('a'))));

        assertThat(store.predictions().oldest()).contains(T0.plusSeconds(3));
        assertThat(store.predictions().imagesBefore(T0.plusSeconds(7))).containsExactly(Predictions.blob('a'));
        assertThat(store.predictions().imagesBefore(T0.plusSeconds(9)))
                .containsExactlyInAnyOrder(Predictions.blob('a'), Predictions.blob('b'));
        store.predictions().deleteOlderThan(T0.plusSeconds(6));
        assertThat(store.predictions().oldest()).contains(T0.plusSeconds(7));
    }

    @Test
    void deleteOlderThan_removesOnlyOlderPredictions() {
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(Predictions.of("m", i));
        }
        store.predictions().append(batch);
        assertThat(store.predictions().deleteOlderThan(T0.plusSeconds(4))).isEqualTo(4);
        assertThat(store.predictions().query(PredictionQuery.since("m", Instant.EPOCH, 100)))
                .extracting(LoggedPrediction::requestId).first().isEqualTo("r-m-4");
        assertThat(store.predictions().count("m", Instant.EPOCH, T0.plusSeconds(100))).isEqualTo(6);
    }

    @Test
    void feedback_joinsNewestLabelPerRequestWithItsPrediction() {
        store.predictions().append(List.of(Predictions.of("m", 1), Predictions.of("m", 6), Predictions.of("other", 1)));
        store.feedback().add(new Feedback("r-m-1", "defect", "review", T0.plusSeconds(100)));
        store.feedback().add(new Feedback("r-m-6", "defect", "review", T0.plusSeconds(101)));
        store.feedback().add(new Feedback("r-m-1", "good", "end-of-line", T0.plusSeconds(102)));
        store.feedback().add(new Feedback("r-other-1", "good", "review", T0.plusSeconds(103)));

        assertThat(store.feedback().forRequest("r-m-1")).extracting(Feedback::source).containsExactly("review", "end-of-line");
        List<LabelledPrediction> labelled = store.feedback().labelled("m", T0, 10);
        assertThat(labelled).extracting(l -> l.prediction().requestId()).containsExactly("r-m-6", "r-m-1");
        assertThat(labelled.get(1).feedback().label()).isEqualTo("good");
        assertThat(labelled.get(1).prediction()).isEqualTo(Predictions.of("m", 1));
        assertThat(labelled).extracting(LabelledPrediction::wrong).containsExactly(false, false);
    }

    @Test
    void feedback_beforePredictionIsLogged_isJoinedOnceItIs() {
        store.feedback().add(new Feedback("r-m-6", "good", "review", T0.plusSeconds(100)));
        assertThat(store.feedback().labelled("m", T0, 10)).isEmpty();
        store.predictions().append(List.of(Predictions.of("m", 6)));
        assertThat(store.feedback().labelled("m", T0, 10)).singleElement().satisfies(l -> assertThat(l.wrong()).isTrue());
    }

    @Test
    void traffic_countsDecisionsAndAveragesPerModelAndBucket() {
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(Predictions.of("m", i));
        }
        batch.add(Predictions.of("other", 3));
        store.predictions().append(batch);
        List<TrafficBucket> got = store.predictionSummaries().traffic(Optional.empty(), T0, T0.plusSeconds(20),
                java.time.Duration.ofSeconds(10));
        assertThat(got).extracting(TrafficBucket::model, TrafficBucket::start, TrafficBucket::total).containsExactly(
                org.assertj.core.groups.Tuple.tuple("m", T0, 10L), org.assertj.core.groups.Tuple.tuple("m", T0.plusSeconds(10), 10L),
                org.assertj.core.groups.Tuple.tuple("other", T0, 1L));
        TrafficBucket first = got.getFirst();
        assertThat(first.pass()).isEqualTo(5);
        assertThat(first.review()).isEqualTo(2);
        assertThat(first.reject()).isEqualTo(3);
        assertThat(first.meanScore()).isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.meanStats().brightness()).isCloseTo(0.4045, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.meanLatencyNanos()).isCloseTo(1_000_004.5, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void traffic_keepsAModelsVersionsApart() {
        // a shadow challenger logs a copy of each request its champion answers: one sum would count it twice
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(Predictions.at("m", "1", "champion-" + i, T0.plusSeconds(i), 0));
            batch.add(Predictions.at("m", "2", "shadow-" + i, T0.plusSeconds(i), 9));
        }
        batch.add(Predictions.at("m", "2", "shadow-4", T0.plusSeconds(4), 9));
        store.predictions().append(batch);
        assertThat(store.predictionSummaries().traffic(Optional.of("m"), T0, T0.plusSeconds(10), java.time.Duration.ofSeconds(10)))
                .extracting(TrafficBucket::version, TrafficBucket::total, TrafficBucket::pass, TrafficBucket::reject).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", 4L, 4L, 0L), org.assertj.core.groups.Tuple.tuple("2", 5L, 0L, 5L));
    }

    @Test
    void traffic_forOneModel_leavesOthersOut() {
        store.predictions().append(List.of(Predictions.of("m", 1), Predictions.of("other", 2)));
        assertThat(store.predictionSummaries().traffic(Optional.of("other"), T0, T0.plusSeconds(60), java.time.Duration.ofMinutes(1)))
                .extracting(TrafficBucket::model).containsExactly("other");
    }

    @Test
    void newest_returnsTheLatestFirstWithinTheLimit() {
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(Predictions.of("m", i));
        }
        store.predictions().append(batch);
        assertThat(store.predictionSummaries().newest(PredictionQuery.since("m", T0, 3)))
                .extracting(LoggedPrediction::requestId).containsExactly("r-m-9", "r-m-8", "r-m-7");
    }

    @Test
    void awaitingReview_listsReviewDecisionsWithoutFeedback_newestFirst() {
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(Predictions.of("m", i)); // i % 10 in {5, 6} is REVIEW
        }
        store.predictions().append(batch);
        store.feedback().add(new Feedback("r-m-16", "good", "review", T0.plusSeconds(100)));
        assertThat(store.predictionSummaries().awaitingReview(10))
                .extracting(LoggedPrediction::requestId).containsExactly("r-m-15", "r-m-6", "r-m-5");
    }
}
