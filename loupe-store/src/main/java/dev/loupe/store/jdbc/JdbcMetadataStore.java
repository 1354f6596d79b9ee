package dev.loupe.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.loupe.core.auth.SessionStore;
import dev.loupe.core.auth.TokenStore;
import dev.loupe.core.dataset.DatasetRepository;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.monitoring.FeedbackStore;
import dev.loupe.core.monitoring.MonitoringRepository;
import dev.loupe.core.monitoring.PredictionLog;
import dev.loupe.core.monitoring.PredictionSummaries;
import dev.loupe.core.pipeline.PipelineRepository;
import dev.loupe.core.store.AuditLog;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.SchemaStatus;
import dev.loupe.core.store.StoreException;
import dev.loupe.core.tracking.TrackingStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link MetadataStore} over a relational database. Subclasses choose the database; everything
 * else (schema migrations, repositories) is shared, so both adapters pass one contract suite.
 *
 * <p>The schema is created and upgraded on open by Flyway from {@code db/migration/V<n>__<name>.sql}.
 * Migrations are written once for both databases; the few type spellings that differ are Flyway
 * placeholders ({@code ${id_pk}}, {@code ${blob}}, {@code ${double}}) filled in per database.
 */
public abstract class JdbcMetadataStore implements MetadataStore {

    private final HikariDataSource dataSource;
    private final Flyway flyway;
    private final String location;
    protected final Jdbc jdbc;
    private final AuditLog audit;
    private final DatasetRepository datasets;
    private final TrackingStore tracking;
    private final ModelRegistry registry;
    private final PredictionLog predictions;
    private final dev.loupe.core.monitoring.PackedImages packedImages;
    private final dev.loupe.core.store.BlobReferences blobReferences;
    private final PredictionSummaries predictionSummaries;
    private final FeedbackStore feedback;
    private final MonitoringRepository monitoring;
    private final PipelineRepository pipelines;
    private final dev.loupe.core.rollout.RolloutRepository rollouts;
    private final TokenStore tokens;
    private final SessionStore sessions;

    protected JdbcMetadataStore(HikariConfig pool, String backend, String location, Map<String, String> placeholders,
                                Clock clock) {
        this.location = location;
        pool.setInitializationFailTimeout(1);
        pool.setPoolName("loupe-" + backend);
        try {
            this.dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + location + ": " + rootMessage(e), e);
        }
        try {
            this.flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .placeholders(placeholders)
                    .loggers("slf4j")
                    .load();
            flyway.migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot migrate the schema of " + location + ": " + rootMessage(e), e);
        }
        this.jdbc = new Jdbc(dataSource, backend);
        this.audit = new JdbcAuditLog(jdbc, clock);
        this.datasets = new JdbcDatasetRepository(jdbc);
        this.tracking = new JdbcTrackingStore(jdbc, clock);
        this.registry = new JdbcModelRegistry(jdbc, clock);
        this.predictions = new JdbcPredictionLog(jdbc);
        this.packedImages = new JdbcPackedImages(jdbc, clock);
        this.blobReferences = new JdbcBlobReferences(jdbc);
        this.predictionSummaries = new JdbcPredictionSummaries(jdbc);
        this.feedback = new JdbcFeedbackStore(jdbc);
        this.monitoring = new JdbcMonitoringRepository(jdbc);
        this.pipelines = new JdbcPipelineRepository(jdbc);
        this.rollouts = new JdbcRolloutRepository(jdbc);
        this.tokens = new JdbcTokenStore(jdbc);
        this.sessions = new JdbcSessionStore(jdbc);
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public SchemaStatus schema() {
        MigrationInfo[] all = flyway.info().all();
        List<String> applied = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        String current = "";
        for (MigrationInfo m : all) {
            String name = "V" + m.getVersion() + "__" + m.getDescription().replace(' ', '_');
            if (m.getState() == MigrationState.SUCCESS) {
                applied.add(name);
                current = m.getVersion().toString();
            } else if (m.getState() == MigrationState.PENDING) {
                pending.add(name);
            } else {
                pending.add(name + " (" + m.getState().getDisplayName() + ")");
            }
        }
        return new SchemaStatus(current, applied, pending);
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public DatasetRepository datasets() {
        return datasets;
    }

    @Override
    public TrackingStore tracking() {
        return tracking;
    }

    @Override
    public ModelRegistry registry() {
        return registry;
    }

    @Override
    public PredictionLog predictions() {
        return predictions;
    }

    @Override
    public dev.loupe.core.monitoring.PackedImages packedImages() {
        return packedImages;
    }

    @Override
    public dev.loupe.core.store.BlobReferences blobReferences() {
        return blobReferences;
    }

    @Override
    public PredictionSummaries predictionSummaries() {
        return predictionSummaries;
    }

    @Override
    public FeedbackStore feedback() {
        return feedback;
    }

    @Override
    public MonitoringRepository monitoring() {
        return monitoring;
    }

    @Override
    public PipelineRepository pipelines() {
        return pipelines;
    }

    @Override
    public dev.loupe.core.rollout.RolloutRepository rollouts() {
        return rollouts;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    /** Checks the database answers a trivial query. */
    public void ping() {
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException e) {
            throw new StoreException(location + " does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return msg == null ? t.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg).strip();
    }
}
