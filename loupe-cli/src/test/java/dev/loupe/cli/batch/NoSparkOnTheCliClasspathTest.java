package dev.loupe.cli.batch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spark (277 MB of jars) lives only in loupe-spark: the CLI's classpath must not carry it. */
class NoSparkOnTheCliClasspathTest {
    @Test
    void cliClasspath_hasNoSpark() {
        assertThatThrownBy(() -> Class.forName("org.apache.spark.sql.SparkSession"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
