package dev.loupe.spark;

import dev.loupe.batch.BatchRow;
import dev.loupe.core.model.ModelPackage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Spark batch-scoring job's entry point, for {@code spark-submit} and for running locally:
 *
 * <pre>
 * spark-submit --class dev.loupe.spark.SparkBatchJob --jars DEPS loupe-spark.jar \
 *     --model PACKAGE --input DIR --output OUT.parquet|OUT.csv [--partitions N] [--overwrite]
 * java -cp "$(cat loupe-spark/target/classpath.txt):loupe-spark/target/classes" dev.loupe.spark.SparkBatchJob \
 *     --spark local[2] --model PACKAGE --input DIR --output OUT.csv
 * </pre>
 *
 * Without {@code --spark} the master comes from {@code spark-submit}. The output is a Spark output
 * directory (part files) in Parquet or CSV with a header, by the name's extension; columns
 * {@code item,label,score,error} as {@code loupe batch} writes them. Prints a summary; exit 1 with one line on
 * bad arguments (a missing model or folder, an output that exists without {@code --overwrite}: refused before
 * any image is scored).
 */
public final class SparkBatchJob {

    record Args(String master, Path model, Path input, String output, int partitions, boolean overwrite) {
        static Args parse(String[] a) {
            String master = null;
            Path model = null;
            Path input = null;
            String output = null;
            int partitions = 0;
            boolean overwrite = false;
            for (int i = 0; i < a.length; i++) {
                switch (a[i]) {
                    case "--spark" -> master = value(a, ++i);
                    case "--model" -> model = Path.of(value(a, ++i));
                    case "--input" -> input = Path.of(value(a, ++i));
                    case "--output" -> output = value(a, ++i);
                    case "--partitions" -> partitions = Integer.parseInt(value(a, ++i));
                    case "--overwrite" -> overwrite = true;
                    default -> throw new IllegalArgumentException("unknown argument " + a[i]);
                }
            }
            if (model == null || input == null || output == null) {
                throw new IllegalArgumentException("--model PACKAGE, --input DIR and --output OUT.parquet|OUT.csv are required");
            }
            String o = output.toLowerCase(Locale.ROOT);
            if (!o.endsWith(".parquet") && !o.endsWith(".csv")) {
                throw new IllegalArgumentException("--output must end in .parquet or .csv, got " + output);
            }
            return new Args(master, model, input, output, partitions, overwrite);
        }

        private static String value(String[] a, int i) {
            if (i >= a.length) {
                throw new IllegalArgumentException(a[i - 1] + " needs a value");
            }
            return a[i];
        }
    }

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = Args.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("loupe-spark: " + e.getMessage());
            System.exit(1);
            return;
        }
        SparkSession.Builder b = SparkSession.builder().appName("loupe-batch");
        if (args.master() != null) {
            b.master(args.master());
        }
        try (SparkSession spark = b.getOrCreate()) {
            run(spark, args, System.out);
        } catch (IllegalArgumentException | java.io.FileNotFoundException | java.nio.file.NoSuchFileException
                 | dev.loupe.core.model.ModelPackageException e) {
            System.err.println("loupe-spark: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(SparkSession spark, Args args, PrintStream out) throws Exception {
        // Spark checks the output when it writes, that is after every image has been scored: check it first
        org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(args.output());
        if (!args.overwrite() && output.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(output)) {
            throw new IllegalArgumentException(args.output() + " already exists (--overwrite replaces it)");
        }
        ModelPackage pkg = SparkScoring.readPackage(args.model());
        int partitions = args.partitions() > 0 ? args.partitions() : spark.sparkContext().defaultParallelism();
        long start = System.nanoTime();
        Dataset<Row> scores = SparkScoring.score(spark, pkg, args.input(), partitions).cache();
        SaveMode mode = args.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
        if (args.output().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            scores.write().mode(mode).parquet(args.output());
        } else {
            scores.write().mode(mode).option("header", true).option("emptyValue", "").csv(args.output());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = scores.count();
        long failed = scores.filter("score IS NULL").count();
        long defects = scores.filter(scores.col("label").equalTo(pkg.descriptor().positive())).count();
        out.printf("images %,d: %s %,d, failures %,d; %.1f images/s (%.1f s, %d partitions) -> %s%n", total,
                pkg.descriptor().positive(), defects, failed, total / Math.max(1e-9, seconds), seconds, partitions, args.output());
        for (Row r : scores.filter("score IS NULL").limit(10).collectAsList()) {
            BatchRow f = SparkScoring.toBatchRow(r);
            out.printf("  %s: %s%n", f.item(), f.error());
        }
        scores.unpersist();
    }
}
