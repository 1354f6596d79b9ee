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

    /**
     * A client that keeps its one call in flight without a thread waiting on it: each call's completion
     * starts the next (an asynchronous gRPC stub on its channel's event loop), as a serious gRPC load
     * generator does. A blocking stub wakes two threads per call (the caller, then the event loop, then
     * the caller again), CPU that the load generator takes from the server on a shared machine.
     */
    interface Chained extends Step {
        /** Starts operation {@code iteration}; {@code done} is called once when it ends, on any thread. */
        void start(int iteration, Completion done);

        @Override
        default int run(int iteration) {
            throw new UnsupportedOperationException("a chained client is driven by Load.measure");
        }
    }

    /** How a {@link Chained} call ends: the images it handled, or its error. */
    @FunctionalInterface
    interface Completion {
        void complete(int images, Throwable error);
    }

    /** A chained client that closes a resource (a channel) when its measurement ends. */
    static Step chained(AutoCloseable resource, Chained chain) {
        return new ClosingChain(resource, chain);
    }

    private record ClosingChain(AutoCloseable resource, Chained chain) implements Chained, AutoCloseable {
        @Override
        public void start(int iteration, Completion done) {
            chain.start(iteration, done);
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
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
                       double serverCpuMillisPerImage, long jitMillis) {
    }

    /** A warm-up slice: long enough for the compiler queue to move, short enough not to waste a settled mode's time. */
    static final Duration WARM_UP_SLICE = Duration.ofSeconds(2);

    /** A slice in which the JIT compiled for less than this is taken as settled. */
    static final long SETTLED_JIT_MILLIS = 40;

    /**
     * Loads {@code op} in slices of {@link #WARM_UP_SLICE} until the JIT compilers have settled: a slice in
     * which they compiled for less than {@link #SETTLED_JIT_MILLIS}, or {@code max}. A fixed few seconds is
     * not enough on 2 cores: one C2 thread works through the gRPC and HTTP stacks' hot methods for 20-40 s
     * of load (JFR: {@code OipGrpcService.infer} reached C2 after ~25 s of gRPC load), and whatever is still
     * interpreted or in C1 code, and the compiler's own CPU, is charged to the path being measured.
     *
     * @return how long it took
     */
    static Duration warmUp(int clients, Duration max, Op op) throws Exception {
        long start = System.nanoTime();
        while (true) {
            Measurement m = measure(clients, WARM_UP_SLICE, op);
            Duration spent = Duration.ofNanos(System.nanoTime() - start);
            if (m.jitMillis() < SETTLED_JIT_MILLIS || spent.compareTo(max) >= 0) {
                return spent;
            }
        }
    }

    /** Milliseconds the JIT compilers have spent so far (0 where the JVM does not say). */
    static long jitMillis() {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
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
        return measure(clients, duration, op, () -> {
        });
    }

    /**
     * Loads {@code op} from {@code clients} clients for {@code duration}, then runs {@code settle} inside the
     * measurement (its time and CPU count): work the server deferred, such as a prediction log's batch, is
     * charged to the load that caused it, not to whatever is measured next.
     */
    static Measurement measure(int clients, Duration duration, Op op, Runnable settle) throws Exception {
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
        long jitStart = jitMillis();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            Step step = steps.get(c);
            long[][] mine = {new long[1024]};
            int[] n = {0};
            int seed = c * 7919;
            Thread t = Thread.ofPlatform().daemon().start(() -> {
                if (step instanceof Chained chain) {
                    drive(chain, seed, deadline, images, errors, mine, n);
                }
                for (int i = seed; !(step instanceof Chained) && System.nanoTime() < deadline; i++) {
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
        settle.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (processCpuNanos() - cpuStart) / 1e6;
        long jit = jitMillis() - jitStart;
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
        return new Measurement(images.get() / seconds, all, errors.get(), cpuMillis / n, serverCpuMillis / n, jit);
    }

    /**
     * Runs a chained client until {@code deadline}: one call in flight, the next started from the previous
     * one's completion; latencies go to {@code mine} (grown as needed) and {@code n}. Returns when the
     * last call has ended.
     */
    private static void drive(Chained chain, int seed, long deadline, AtomicLong images, AtomicLong errors,
                              long[][] mine, int[] n) {
        ChainDriver driver = new ChainDriver(chain, seed, deadline, images, errors, mine, n);
        driver.next();
        try {
            driver.finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts a chain's calls one after the other. A call that completes inside {@code start} (a channel
     * that fails at once) is followed by a loop, not by a nested start, so the stack stays flat; the state
     * decides, atomically, whether the starting thread or the completing one starts the next call.
     */
    private static final class ChainDriver implements Completion {
        private static final int IDLE = 0, STARTING = 1, COMPLETED_WHILE_STARTING = 2;
        private final Chained chain;
        private final long deadline;
        private final AtomicLong images;
        private final AtomicLong errors;
        private final long[][] mine;
        private final int[] n;
        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger(IDLE);
        final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        private int iteration;
        private long started;

        ChainDriver(Chained chain, int seed, long deadline, AtomicLong images, AtomicLong errors, long[][] mine, int[] n) {
            this.chain = chain;
            this.iteration = seed;
            this.deadline = deadline;
            this.images = images;
            this.errors = errors;
            this.mine = mine;
            this.n = n;
        }

        /** Starts calls until one is still in flight when {@code start} returns. */
        void next() {
            do {
                state.set(STARTING);
                started = System.nanoTime();
                chain.start(iteration++, this);
            } while (!state.compareAndSet(STARTING, IDLE) && finished.getCount() > 0);
        }

        @Override
        public void complete(int handled, Throwable error) {
            long now = System.nanoTime();
            if (error != null) {
                errors.incrementAndGet();
            } else {
                images.addAndGet(handled);
                if (n[0] == mine[0].length) {
                    mine[0] = java.util.Arrays.copyOf(mine[0], n[0] * 2);
                }
                mine[0][n[0]++] = now - started;
            }
            if (now >= deadline) {
                finished.countDown();
                return;
            }
            if (!state.compareAndSet(STARTING, COMPLETED_WHILE_STARTING)) {
                next(); // start() has returned: this thread goes on
            }
        }
    }
}
