package dev.loupe.train.cnn;

import ai.djl.engine.Engine;

/** The PyTorch engine of DJL, loaded from the jars on the classpath and never from the network. */
final class Torch {

    static final String ENGINE = "PyTorch";

    private Torch() {
    }

    /**
     * The engine. Sets {@code ai.djl.offline=true} unless the JVM already says otherwise, so a missing
     * native library is an error rather than a download: libtorch comes from {@code pytorch-native-cpu}.
     */
    static Engine engine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getEngine(ENGINE);
    }
}
