package dev.loupe.edge;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.ImageStats;
import dev.loupe.edge.decide.EdgeEvent;
import dev.loupe.edge.decide.LineDecider;
import dev.loupe.edge.decide.StopRules;
import dev.loupe.edge.infer.Answer;
import dev.loupe.edge.infer.Inference;
import dev.loupe.edge.infer.InferenceFailure;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.output.LineOutput;
import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.source.Capture;
import dev.loupe.edge.source.ImageSource;
import dev.loupe.edge.spool.ImageKeep;
import dev.loupe.edge.spool.Spool;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The station's pipeline, one image at a time on the calling thread: take an image from the source,
 * score it, decide, spool the record (and, by the {@link ImageKeep} policy, the image), tell the
 * source it is done, publish the decision (and any line stop) to the outputs.
 *
 * <p>The order matters for "nothing lost, nothing twice": the record is in the spool before the
 * source forgets the image, and before the line hears the decision. When the disk refuses the record
 * and the source still holds the image (a folder), the source takes it back and hands it out again
 * after a pause; nothing about it is published until its record is written, and it is not scored again: the
 * first scoring (answer, decision, any line stop it raised) is kept for it, so the part is inferred and counted
 * once, by the stop rules and the metrics alike. The agent owns none of its parts;
 * whoever built them closes them after {@link #run} returns.
 */
public final class EdgeAgent {
    /** An image that does not decode has no statistics: NaN, which the monitors count as missing rather than as dark. */
    private static final ImageStats NO_STATS = new ImageStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    private final String station;
    private final ImageSource source;
    private final Inference inference;
    private final LineDecider decider;
    private final StopRules rules;
    private final Spool spool;
    private final ImageKeep keep;
    private final List<LineOutput> outputs;
    private final EdgeMetrics metrics;
    private final Clock clock;
    private volatile boolean stopping;
    private boolean diskRefusing; // the last record a retrying source gave was refused by the disk
    private volatile long firstDecisionNanos = -1;
    private Scored held; // the scoring of the image the source took back, for when it hands it out again

    /** An image's record before it is spooled, and the verdict (with any stop) that made it. */
    private record Scored(EdgeRecord record, LineDecider.Verdict verdict) {
    }

    public EdgeAgent(String station, ImageSource source, Inference inference, LineDecider decider, StopRules rules,
                     Spool spool, ImageKeep keep, List<LineOutput> outputs, EdgeMetrics metrics, Clock clock) {
        this.station = station;
        this.source = source;
        this.inference = inference;
        this.decider = decider;
        this.rules = rules;
        this.spool = spool;
        this.keep = keep;
        this.outputs = List.copyOf(outputs);
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Decides images until the source ends, {@link #stop()} is called, or {@code maxFrames} were decided;
     * then decides the images the source had already accepted ({@link ImageSource#drain}), which may go
     * past {@code maxFrames}.
     *
     * @return how many images were decided
     */
    public long run(long maxFrames) throws InterruptedException {
        long n = 0;
        while (!stopping && n < maxFrames) {
            Optional<Capture> next = source.next(Duration.ofMillis(200));
            if (next.isEmpty()) {
                if (source.finished()) {
                    break;
                }
                continue;
            }
            if (handle(next.get())) {
                n++;
            }
        }
        // images the source accepted but has not handed out (pushes answered 202) are decided, not dropped
        for (Capture c : source.drain()) {
            handle(c);
            n++;
        }
        return n;
    }

    /**
     * Decides one image (see the class comment for the order of the steps).
     *
     * @return false when the disk refused the record and the source took the image back to hand out again
     *         ({@link ImageSource#canRetry}): then nothing was published, and the image is spooled and published
     *         when the source hands it out again, with the answer and decision it has now
     */
    boolean handle(Capture c) {
        Scored scored = held != null && held.record().id().equals(c.id()) ? held : score(c);
        held = null;
        EdgeRecord r = scored.record();
        LineDecider.Verdict v = scored.verdict();
        byte[] image = keep.keep(v.decision(), spool.lastSequence() + 1) ? c.encoded() : new byte[0];
        boolean retry = source.canRetry();
        Spool.Appended spooled = spool.append(r, image, retry);
        if (retry && spooled.writeError().isPresent()) {
            source.retryLater(c, spooled.writeError().get());
            held = scored;
            if (!diskRefusing && rules.spoolFull()) {
                stop("spool", spooled.writeError().get() + ": images wait in the source until the disk takes them");
            }
            diskRefusing = true;
            return false;
        }
        diskRefusing = false;
        source.done(c);
        EdgeRecord done = r.withSequence(Math.max(0, spooled.sequence()));
        if (firstDecisionNanos < 0) {
            firstDecisionNanos = System.nanoTime();
        }
        metrics.decided(done);
        publish(new EdgeEvent.Decided(done));
        if (v.stopCause().isPresent()) {
            stop(v.stopCause().get(), v.stopReason());
        }
        if (spooled.dropped() && rules.spoolFull()) {
            stop("spool", spooled.writeError().map(e -> e + ": a record was dropped")
                    .orElse("the spool is full: a record was dropped") + " (" + spool.recordsDropped() + " so far)");
        }
        return true;
    }

    /** Infers and decides an image (feeding the stop rules), and makes its record, not yet spooled. */
    private Scored score(Capture c) {
        LineDecider.Verdict v;
        Optional<Answer> answer;
        try {
            if (c.unreadable().isPresent()) { // the camera's fault, as for an image that does not decode
                throw new InferenceFailure(InferenceFailure.Kind.CAMERA, c.unreadable().get(), null);
            }
            Answer a = inference.infer(c);
            answer = Optional.of(a);
            v = decider.decide(a);
        } catch (InferenceFailure f) {
            answer = Optional.empty();
            v = decider.failed(f);
        }
        ImageStats stats;
        try {
            stats = c.unreadable().isPresent() ? NO_STATS : ImageStats.of(c.image());
        } catch (ImageDecodeException e) {
            stats = NO_STATS;
        }
        long latency = System.nanoTime() - c.arrivalNanos();
        EdgeRecord r = new EdgeRecord(c.id(), station, 0, clock.instant(), c.ref(),
                answer.map(Answer::model).orElse(""), answer.map(Answer::version).orElse(""),
                answer.map(a -> OptionalDouble.of(a.score())).orElse(OptionalDouble.empty()),
                answer.map(Answer::label).orElse(""), v.decision(), v.reason(),
                answer.map(Answer::via).orElse(EdgeRecord.Via.NONE), latency, stats);
        return new Scored(r, v);
    }

    private void stop(String cause, String reason) {
        metrics.stopped(cause);
        publish(new EdgeEvent.LineStop(station, clock.instant(), cause, reason));
    }

    private void publish(EdgeEvent e) {
        for (LineOutput o : outputs) {
            o.publish(e);
        }
    }

    /** {@link System#nanoTime()} of the first decision, or -1 before it. */
    public long firstDecisionNanos() {
        return firstDecisionNanos;
    }

    /** Asks {@link #run} to return after the image in hand. */
    public void stop() {
        stopping = true;
    }

    /** Decisions of a kind so far (a shortcut to the metrics). */
    public long decisions(Decision d) {
        return metrics.decisions(d);
    }
}
