package dev.loupe.pipeline;

import dev.loupe.core.project.GateSection;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.RetrainingSection;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What a pipeline works with. The stores and the roll-out are not owned: whoever opened them closes them.
 *
 * @param metadata   runs, steps, datasets, tracking, registry, feedback
 * @param blobs      images and model packages
 * @param project    the project file: X, y, targets, baselines, and the retraining and gate sections
 * @param trainers   the trainers by name
 * @param rollout    puts challengers in front of live traffic
 * @param clock      every time the pipeline records or waits on
 * @param owner      this process's name as run owner (host, pid and a random part)
 * @param lease      how long a claim on a run holds without renewal; another process may take over after it
 * @param poll       how often shadow and canary read live figures
 */
public record PipelineContext(MetadataStore metadata, BlobStore blobs, Project project, Trainers trainers,
                              Rollout rollout, Clock clock, String owner, Duration lease, Duration poll) {
    public PipelineContext {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(trainers, "trainers");
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(owner, "owner");
        if (lease.toMillis() < 1_000) {
            throw new IllegalArgumentException("a lease under a second would expire between two writes: " + lease);
        }
        // read both sections now: a wrong value fails before a run starts, naming its line
        RetrainingSection.of(project);
        GateSection.of(project);
    }

    public RetrainingSection retraining() {
        return RetrainingSection.of(project);
    }

    public GateSection gate() {
        return GateSection.of(project);
    }

    /** This process's owner name: {@code host/pid/random}. */
    public static String processOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
