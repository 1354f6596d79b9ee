package dev.loupe.cli.batch;

import dev.loupe.batch.BatchRow;
import dev.loupe.batch.CsvOutput;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A batch job's rows as a Parquet file, with the columns, types and nullability the Spark job writes (item, label
 * and error: required strings; score: an optional double, null for an item that failed), so either file reads the
 * same in pandas or Spark ({@code score IS NULL} finds the failures in both).
 *
 * <p>parquet-hadoop without Hadoop at run time: a local output file, a plain configuration, and a codec factory of
 * our own that stores pages uncompressed (parquet's own factory loads Hadoop's compression classes). A scores file
 * is small, so compression would buy little. The file is written beside the target and moved into place, so a
 * reader never sees half of one.
 */
final class BatchParquet {

    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("item")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("label")
            .optional(PrimitiveTypeName.DOUBLE).named("score")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("error")
            .named("batch_row");

    private BatchParquet() {
    }

    /** Writes {@code rows} to {@code file}, replacing it. */
    private static void write(List<BatchRow> rows, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // a name of its own rather than createTempFile's, which would leave the file readable by its owner only
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(tmp))
                    .withConf(new PlainParquetConfiguration())
                    .withCodecFactory(new Uncompressed())
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withType(SCHEMA)
                    .build()) {
                SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
                for (BatchRow r : rows) {
                    Group g = groups.newGroup().append("item", r.item()).append("label", r.label());
                    if (!r.failedToScore()) {
                        g.append("score", r.score());
                    }
                    w.write(g.append("error", r.error()));
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The rows of a batch CSV ({@link CsvOutput}) written as Parquet; returns how many. */
    static int fromCsv(Path csv, Path parquet) throws IOException {
        List<BatchRow> rows = CsvOutput.read(csv);
        write(rows, parquet);
        return rows.size();
    }

    /** Pages as they are: no codec, no Hadoop. */
    private static final class Uncompressed implements CompressionCodecFactory {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            return new BytesInputCompressor() {
                @Override
                public BytesInput compress(BytesInput bytes) {
                    return bytes;
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return CompressionCodecName.UNCOMPRESSED;
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            return new BytesInputDecompressor() {
                @Override
                public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
                    return bytes;
                }

                @Override
                public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
                    output.put(input);
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public void release() {
        }
    }
}
