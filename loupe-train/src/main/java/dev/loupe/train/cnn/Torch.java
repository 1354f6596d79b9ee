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
     *   <li>{@code ai.djl.pytorch.num_threads=1} and {@code ai.djl.pytorch.num_interop_threads=1}: this
     *       network's operators are small, and two OpenMP threads on a 2-core machine that also runs
     *       other work spend their time spinning at barriers for each other (an epoch measured 7x
     *       slower than with one thread, docs/benchmarks.md).</li>
     * </ul>
     * The thread counts are per process and read once, when the engine loads.
     */
    static Engine engine() {
        defaultProperty("ai.djl.offline", "true");
        defaultProperty("ai.djl.pytorch.num_threads", "1");
        defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
        return Engine.getEngine(ENGINE);
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
