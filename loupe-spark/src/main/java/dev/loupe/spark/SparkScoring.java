package dev.loupe.spark;

import dev.loupe.batch.BatchRow;
import dev.loupe.batch.FolderSource;
import dev.loupe.batch.ItemScorer;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch scoring on Spark with Loupe's one inference path: the driver lists the folder's images and
 * broadcasts the model package (its zip bytes); each partition loads one {@link ImageClassifier} and
 * scores its images with {@link ItemScorer}, the function the local {@code loupe batch} uses, so both
 * give the same rows for the same images. The folder must be readable at the same path on every
 * executor (a shared file system).
 */
public final class SparkScoring {
    /** The output columns: {@link BatchRow#COLUMNS}, with {@code score} null when the item failed. */
    public static final StructType SCHEMA = new StructType()
            .add("item", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, true)
            .add("error", DataTypes.StringType, false);

    private SparkScoring() {
    }

    /**
     * The scores of every image under {@code folder}, lazily (Spark runs it when the result is used).
     *
     * @param partitions how many tasks score in parallel; each loads the model once
     */
    public static Dataset<Row> score(SparkSession spark, ModelPackage pkg, Path folder, int partitions) throws IOException {
        FolderSource source = new FolderSource(folder);
        List<String> items = source.items();
        String root = source.root().toString();
        Broadcast<byte[]> model = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(pkg.toZip());
        return spark.createDataset(items, Encoders.STRING())
                .repartition(Math.max(1, partitions))
                .mapPartitions(scorePartition(model, root), Encoders.row(SCHEMA));
    }

    private static MapPartitionsFunction<String, Row> scorePartition(Broadcast<byte[]> model, String root) {
        return items -> {
            List<Row> rows = new ArrayList<>();
            if (!items.hasNext()) {
                return rows.iterator();
            }
            FolderSource source = new FolderSource(Path.of(root));
            try (ImageClassifier classifier = ImageClassifier.load(ModelPackage.fromZip(model.value()), 1)) {
                while (items.hasNext()) {
                    String item = items.next();
                    BatchRow r;
                    try {
                        r = ItemScorer.score(classifier, item, source.read(item));
                    } catch (IOException e) {
                        r = BatchRow.failed(item, "unreadable: " + e.getMessage());
                    }
                    rows.add(RowFactory.create(r.item(), r.label(), r.failedToScore() ? null : r.score(), r.error()));
                }
            }
            return rows.iterator();
        };
    }

    /** The row a Spark result row stands for. */
    public static BatchRow toBatchRow(Row r) {
        return r.isNullAt(2) ? BatchRow.failed(r.getString(0), r.getString(3))
                : new BatchRow(r.getString(0), r.getString(1), r.getDouble(2), r.getString(3));
    }

    /** Reads a model package from a directory or a .zip. */
    static ModelPackage readPackage(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new java.nio.file.NoSuchFileException(path + " (give a model package directory or .zip)");
        }
        return ModelPackage.read(path);
    }
}
