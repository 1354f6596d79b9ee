package dev.loupe.monitor.embedding;

import dev.loupe.monitor.bench.EmbeddingLine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProjectionTest {

    @Test
    void fit_referenceCoordinatesHaveUnitSpread_deadFeaturesOffTheAxes() {
        List<float[]> embeddings = new EmbeddingLine(0, 3).take(2_000);
        Projection p = Projection.fit(embeddings, 8);
        assertThat(p.features()).isEqualTo(EmbeddingLine.FEATURES);
        assertThat(p.axes()[0][EmbeddingLine.FEATURES - 1]).as("constant feature on an axis").isZero();
        double[] mean = new double[p.dimensions()];
        double[] sq = new double[p.dimensions()];
        for (float[] e : embeddings) {
            double[] x = p.project(e);
            for (int c = 0; c < x.length; c++) {
                mean[c] += x[c] / embeddings.size();
                sq[c] += x[c] * x[c] / embeddings.size();
            }
        }
        for (int c = 0; c < mean.length; c++) {
            assertThat(mean[c]).isCloseTo(0, within(1e-6));
            assertThat(sq[c]).isCloseTo(1, within(0.01));
        }
    }

    @Test
    void project_changeOutsideTheAxes_showsInTheResidualCoordinate() {
        List<float[]> embeddings = new EmbeddingLine(0, 3).take(1_000);
        Projection p = Projection.fit(embeddings, 4); // the 4 latent factors span the axes
        float[] e = embeddings.getFirst().clone();
        double before = p.project(e)[5];
        e[EmbeddingLine.FEATURES - 1] += 10; // a feature the reference never used lights up
        double[] after = p.project(e);
        assertThat(after[5] - before).isGreaterThan(3);
        for (int c = 0; c < 4; c++) {
            assertThat(after[c]).isEqualTo(p.project(embeddings.getFirst())[c]);
        }
    }

    @Test
    void symmetricEigen_diagonalisesAKnownMatrix() {
        SymmetricEigen e = SymmetricEigen.of(new double[][]{{2, 1}, {1, 2}});
        assertThat(e.values()).containsExactly(new double[]{3, 1}, within(1e-12));
        double[] v = e.vector(0);
        assertThat(Math.abs(v[0])).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(v[0] * v[1]).isPositive();
    }
}
