package dev.loupe.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The line controller's side in tests: subscribes to a topic at QoS 1 and keeps every event. */
final class MqttSubscriber implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final MqttClient client;

    MqttSubscriber(String uri, String topic) throws MqttException {
        client = new MqttClient(uri, "test-plc", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            public void disconnected(MqttDisconnectResponse r) {
            }

            public void mqttErrorOccurred(MqttException e) {
            }

            public void messageArrived(String t, MqttMessage m) throws IOException {
                events.add(JSON.readTree(m.getPayload()));
            }

            public void deliveryComplete(IMqttToken token) {
            }

            public void connectComplete(boolean reconnect, String serverURI) {
            }

            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o);
        client.subscribe(topic, 1);
    }

    long count(String field, String value) {
        return events.stream().filter(e -> e.path(field).asText().equals(value)).count();
    }

    List<JsonNode> decisions() {
        return events.stream().filter(e -> e.path("type").asText().equals("decision")).toList();
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
