package dev.loupe.serve.infer;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.Prediction;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.TestImages;
import dev.loupe.serve.model.ImageModel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageBatcherTest {

    @Test
    void drain_classifiesEveryWaitingImageInOneCall_sameScoresAsOneByOne() throws Exception {
        ModelPackage pkg = ModelPackage.of(TestDescriptors.grayscale(4, 4, 0.6), TestGraphs.meanSigmoid(1));
        try (ImageClassifier c = ImageClassifier.load(pkg, 1)) {
            ImageBatcher b = new ImageBatcher(new ImageModel(c, DecisionPolicy.of(pkg.descriptor())), 8, true);
            byte[][] images = {TestImages.grayPng(4, 4, 0), TestImages.grayPng(4, 4, 128), TestImages.grayPng(4, 4, 255)};
            ImageBatcher.Pending[] pending = new ImageBatcher.Pending[3];
            for (int i = 0; i < 3; i++) {
                pending[i] = b.add(images[i]);
            }
            assertThat(b.drain()).isEqualTo(3);
            assertThat(b.drain()).isZero();
            for (int i = 0; i < 3; i++) {
                Prediction alone = c.classify(images[i]);
                assertThat(pending[i].result().get().prediction().score()).isCloseTo(alone.score(), within(1e-7));
                assertThat(pending[i].result().get().stats()).hasValueSatisfying(s -> assertThat(s.brightness()).isBetween(0.0, 1.0));
                assertThat(pending[i].result().get().batchSize()).isEqualTo(3);
            }
        }
    }

    @Test
    void drain_corruptImageInBatch_failsOnlyThatRequest() throws Exception {
        ModelPackage pkg = ModelPackage.of(TestDescriptors.grayscale(4, 4, 0.6), TestGraphs.meanSigmoid(1));
        try (ImageClassifier c = ImageClassifier.load(pkg, 1)) {
            ImageBatcher b = new ImageBatcher(new ImageModel(c, DecisionPolicy.of(pkg.descriptor())), 8, true);
            ImageBatcher.Pending good = b.add(TestImages.grayPng(4, 4, 255));
            ImageBatcher.Pending bad = b.add(TestImages.corrupt(TestImages.grayPng(64, 64, 3)));
            b.drain();
            assertThat(good.result().get().prediction().label()).isEqualTo("defect");
            assertThatThrownBy(() -> bad.result().get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ServeException.class).hasMessageContaining("cannot be decoded");
        }
    }

    @Test
    void drain_takesAtMostMaxBatch() throws Exception {
        ModelPackage pkg = ModelPackage.of(TestDescriptors.grayscale(4, 4, 0.6), TestGraphs.meanSigmoid(1));
        try (ImageClassifier c = ImageClassifier.load(pkg, 1)) {
            ImageBatcher b = new ImageBatcher(new ImageModel(c, DecisionPolicy.of(pkg.descriptor())), 2, false);
            for (int i = 0; i < 3; i++) {
                b.add(TestImages.grayPng(4, 4, i));
            }
            assertThat(b.drain()).isEqualTo(2);
            assertThat(b.drain()).isEqualTo(1);
        }
    }
}
