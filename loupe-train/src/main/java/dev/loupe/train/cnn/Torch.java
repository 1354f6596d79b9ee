package dev.loupe.train.cnn;

import ai.djl.engine.Engine;

/** The PyTorch engine of DJL, loaded from the jars on the classpath and never from the network. */
final class Torch {

    static final String ENGINE = "PyTorch";

    private Torch() {
    }

    /**
     * The engine, loaded on first use with these defaults for what the JVM does not set itself:
     * <ul>
     *   <li>{@code ai.djl.offline=true}: a missing native library is an error, not a download
     *       (libtorch comes from {@code pytorch-native-cpu});</li>
     *   <li>{@code ai.djl.pytorch.num_threads} 2 when the JVM sees at least 2 processors, else 1, and
     *       {@code ai.djl.pytorch.num_interop_threads=1}: on an idle 2-core machine two threads train the
     *       default CNN in 45-48 s against 65 s with one (docs/benchmarks.md, "Fine detail"); more
     *       do not pay for this network's small operators. On a machine busy with other work two OpenMP
     *       threads can spin at barriers for each other (an epoch once measured 7x slower): set
     *       {@code -Dai.djl.pytorch.num_threads=1} there.</li>
     * </ul>
     * The thread counts are per process and read once, when the engine loads.
     */
    static Engine engine() {
        defaultProperty("ai.djl.offline", "true");
        defaultProperty("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors() >= 2 ? "2" : "1");
        defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
        return Engine.getEngine(ENGINE);
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
