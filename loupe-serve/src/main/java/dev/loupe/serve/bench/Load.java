package dev.loupe.serve.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Closed-loop load: N client threads each repeat one operation until a deadline; latency per operation. */
final class Load {
    private Load() {
    }

    /** What one client does, once per iteration; returns the images it handled. */
    @FunctionalInterface
    interface Step {
        int run(int iteration) throws Exception;
    }

    /** Creates a client's step (its own connection, stub...) for client number {@code client}. */
    @FunctionalInterface
    interface Op {
        Step client(int client) throws Exception;
    }

    /** A step that closes a resource (a connection) when its measurement ends. */
    static Step closing(AutoCloseable resource, Step step) {
        return new ClosingStep(resource, step);
    }

    private record ClosingStep(AutoCloseable resource, Step step) implements Step, AutoCloseable {
        @Override
        public int run(int iteration) throws Exception {
            return step.run(iteration);
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

    /** Threads whose names start with this belong to the load generator (a gRPC client's event loop). */
    static final String CLIENT_THREAD = "loupe-bench-client";

    /**
     * @param cpuMillisPerImage       the whole process's CPU time per image (server, client and runtime
     *                                together): robust where wall-clock throughput is not, on a shared machine
     * @param serverCpuMillisPerImage the same without the load generator's threads (the clients and any
     *                                thread named {@value #CLIENT_THREAD}...): what serving costs
     */
    record Measurement(double imagesPerSecond, long[] latencyNanos, long errors, double cpuMillisPerImage,
                       double serverCpuMillisPerImage) {
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of the long-lived load-generator threads now (thread id to nanoseconds). */
    private static java.util.Map<Long, Long> clientHelperCpu() {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(CLIENT_THREAD)) {
                out.put(t.threadId(), THREADS.getThreadCpuTime(t.threadId()));
            }
        }
        return out;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static int ok(int status) {
        if (status != 200) {
            throw new IllegalStateException("HTTP " + status);
        }
        return 1;
    }

    static Measurement measure(int clients, Duration duration, Op op) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            steps.add(op.client(c));
        }
        AtomicLong images = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong clientCpu = new AtomicLong();
        java.util.Map<Long, Long> helpersBefore = clientHelperCpu();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            Step step = steps.get(c);
            long[][] mine = {new long[1024]};
            int[] n = {0};
            int seed = c * 7919;
            Thread t = Thread.ofPlatform().daemon().start(() -> {
                for (int i = seed; System.nanoTime() < deadline; i++) {
                    long t0 = System.nanoTime();
                    try {
                        images.addAndGet(step.run(i));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n[0] == mine[0].length) {
                        mine[0] = java.util.Arrays.copyOf(mine[0], n[0] * 2);
                    }
                    mine[0][n[0]++] = System.nanoTime() - t0;
                }
                synchronized (latencies) {
                    latencies.add(java.util.Arrays.copyOf(mine[0], n[0]));
                }
                clientCpu.addAndGet(THREADS.getCurrentThreadCpuTime());
            });
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (processCpuNanos() - cpuStart) / 1e6;
        long helpers = 0;
        for (java.util.Map.Entry<Long, Long> e : clientHelperCpu().entrySet()) {
            helpers += e.getValue() - helpersBefore.getOrDefault(e.getKey(), 0L);
        }
        double serverCpuMillis = cpuMillis - (clientCpu.get() + helpers) / 1e6;
        long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        for (Step s : steps) {
            if (s instanceof AutoCloseable a) {
                a.close();
            }
        }
        long n = Math.max(1, images.get());
        return new Measurement(images.get() / seconds, all, errors.get(), cpuMillis / n, serverCpuMillis / n);
    }
}
