package dev.loupe.edge.output;

import dev.loupe.edge.decide.EdgeEvent;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes events to an MQTT broker (Eclipse Paho, MQTT v5) on the station's topic
 * ({@code loupe/<station>/events} by default), QoS 1, on its own thread.
 *
 * <p>While the broker is unreachable, events queue (up to 100,000; past that the oldest are dropped
 * and counted) and the output reconnects with a growing pause; on reconnection the queue drains in
 * order. Up to 64 messages are in flight at once (the broker's receive maximum permitting).
 */
public final class MqttOutput implements LineOutput {
    private static final int MAX_IN_FLIGHT = 64;

    private final String uri;
    private final String topic;
    private final MqttAsyncClient client;
    private final LinkedBlockingDeque<byte[]> queue = new LinkedBlockingDeque<>(100_000);
    private final Deque<IMqttToken> inFlight = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Thread publisher;
    private volatile boolean closing;

    /**
     * @param uri      the broker ({@code tcp://127.0.0.1:1883})
     * @param topic    where events go
     * @param clientId this station's client id at the broker
     */
    public MqttOutput(String uri, String topic, String clientId) throws MqttException {
        this.uri = uri;
        this.topic = topic;
        this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        this.publisher = Thread.ofPlatform().daemon().name("mqtt").start(this::run);
    }

    /** The default topic of a station. */
    public static String topicFor(String station) {
        return "loupe/" + station + "/events";
    }

    @Override
    public void publish(EdgeEvent event) {
        byte[] b = EventJson.bytes(event);
        while (!queue.offerLast(b)) {
            if (queue.pollFirst() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    private void run() {
        long pauseMs = 100;
        try {
            while (!(closing && queue.isEmpty())) {
                if (!client.isConnected()) {
                    if (!connect()) {
                        if (closing) {
                            break;
                        }
                        Thread.sleep(pauseMs);
                        pauseMs = Math.min(pauseMs * 2, 5_000);
                        continue;
                    }
                    pauseMs = 100;
                }
                byte[] msg = queue.pollFirst(200, TimeUnit.MILLISECONDS);
                if (msg == null) {
                    continue;
                }
                try {
                    trimCompleted();
                    if (inFlight.size() >= MAX_IN_FLIGHT) {
                        inFlight.pollFirst().waitForCompletion(5_000);
                    }
                    inFlight.addLast(client.publish(topic, msg, 1, false));
                    published.incrementAndGet();
                } catch (MqttException e) {
                    queue.offerFirst(msg);
                    if (e.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT && !inFlight.isEmpty()) {
                        waitQuietly(inFlight.pollFirst());
                    } else if (client.isConnected()) {
                        Thread.sleep(10);
                    }
                }
            }
            for (IMqttToken t : inFlight) {
                waitQuietly(t);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.addAndGet(queue.size());
    }

    private boolean connect() {
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setConnectionTimeout(3);
            o.setAutomaticReconnect(false);
            client.connect(o).waitForCompletion(4_000);
            inFlight.clear();
            return client.isConnected();
        } catch (MqttException e) {
            return false;
        }
    }

    private void trimCompleted() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().isComplete()) {
            inFlight.pollFirst();
        }
    }

    private static void waitQuietly(IMqttToken t) {
        try {
            t.waitForCompletion(5_000);
        } catch (MqttException e) {
            // the message is lost with its connection; QoS 1 holds only while connected
        }
    }

    /** Messages handed to the client so far. */
    public long published() {
        return published.get();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public String describe() {
        return "mqtt " + uri + " " + topic;
    }

    @Override
    public void close() {
        closing = true;
        try {
            publisher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.interrupt();
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2_000);
            }
            client.close();
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
