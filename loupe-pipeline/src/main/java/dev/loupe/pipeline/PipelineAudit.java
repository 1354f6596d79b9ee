package dev.loupe.pipeline;

import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.AuditLog;

/**
 * Writes what a pipeline run does to the model's audit trail (entity {@code model}), beside the
 * registry's own entries (new version, alias moves), so {@code loupe models show} tells the whole story.
 * Actions: {@code pipeline-start}, {@code pipeline-takeover} (a process continues a run whose executor
 * died), {@code pipeline-resume} (an interrupted step runs again), {@code pipeline-rollback},
 * {@code pipeline-promoted}, {@code pipeline-gate-failed}, {@code pipeline-rolled-back},
 * {@code pipeline-aborted}, {@code pipeline-failed}; {@code after} is the run's id.
 */
final class PipelineAudit {
    static final String ACTOR = "pipeline";

    private final AuditLog log;

    PipelineAudit(AuditLog log) {
        this.log = log;
    }

    void record(PipelineRun run, String action, String reason) {
        log.append(new AuditEntry.Change(ACTOR, "model", run.model(), action, null, run.id(), reason));
    }
}
