package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** A real KRaft broker as a child process: produce/consume, transactions read_committed, idempotent start, stop. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaServerTest {

    static LocalStack stack;
    static KafkaServer kafka;
    static LoopbackTls tls;

    @BeforeAll
    static void start() {
        LocalStackConfig config = TestStacks.config("kafka-it");
        stack = new LocalStack(config).stopOnJvmExit();
        tls = LoopbackTls.generate(config.workDir().resolve("tls"));
        kafka = stack.kafka().withSaslPlain("tributary", "tributary-secret")
                .withSaslSsl("tributary", "tributary-secret", tls.serverKeystore(), tls.keystorePassword());
        ServerStatus st = kafka.start();
        assertTrue(st.healthy(), st.describe());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.clean();
        }
    }

    private static Properties common(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    @Test
    @Order(1)
    void describeClusterAnswersOnLoopback() throws Exception {
        try (AdminClient admin = AdminClient.create(common(kafka.bootstrapServers()))) {
            var nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            assertEquals(1, nodes.size());
            assertEquals("127.0.0.1", nodes.iterator().next().host());
        }
        assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"));
    }

    @Test
    @Order(2)
    void produceAndConsume() throws Exception {
        String topic = "plain-topic";
        try (AdminClient admin = AdminClient.create(common(kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties pp = common(kafka.bootstrapServers());
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            producer.send(new ProducerRecord<>(topic, "k1", "hello")).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> got = consume(topic, "read_uncommitted", 1);
        assertEquals("hello", got.get(0).value());
    }

    @Test
    @Order(3)
    void transactionalCommitIsVisibleReadCommittedAndAbortIsNot() throws Exception {
        String topic = "tx-topic";
        try (AdminClient admin = AdminClient.create(common(kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties pp = common(kafka.bootstrapServers());
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-stack-it-tx");
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "c", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "c", "committed-2"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> got = consume(topic, "read_committed", 2);
        assertEquals(List.of("committed-1", "committed-2"), got.stream().map(ConsumerRecord::value).toList());
    }

    @Test
    @Order(4)
    void saslPlainListenerAuthenticates() throws Exception {
        Properties p = common(kafka.saslBootstrapServers());
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", kafka.saslJaasConfig());
        try (AdminClient admin = AdminClient.create(p)) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
        Properties bad = common(kafka.saslBootstrapServers());
        bad.put("security.protocol", "SASL_PLAINTEXT");
        bad.put("sasl.mechanism", "PLAIN");
        bad.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"tributary\" password=\"wrong\";");
        try (AdminClient admin = AdminClient.create(bad)) {
            Exception e = assertThrows(Exception.class, () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertTrue(String.valueOf(e.getCause()).contains("Authentication"), String.valueOf(e));
        }
    }

    @Test
    @Order(5)
    void saslSslListenerNeedsTheCaAndAuthenticates() throws Exception {
        Properties p = saslSsl();
        p.put("ssl.truststore.location", tls.truststore().toString());
        p.put("ssl.truststore.password", tls.truststorePassword());
        p.put("ssl.truststore.type", "PKCS12");
        try (AdminClient admin = AdminClient.create(p)) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
        // The JVM's default truststore does not hold the throwaway CA: the handshake must fail, not fall back.
        try (AdminClient admin = AdminClient.create(saslSsl())) {
            Exception e = assertThrows(Exception.class, () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertTrue(String.valueOf(e.getCause()).contains("SSL handshake failed"), String.valueOf(e));
        }
    }

    private static Properties saslSsl() {
        Properties p = common(kafka.saslSslBootstrapServers());
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", kafka.saslJaasConfig());
        return p;
    }

    @Test
    @Order(6)
    void secondStartReusesTheRunningBroker() {
        ServerStatus before = kafka.status();
        ServerStatus again = TestStacks.startFromAnotherStack("kafka-it", LocalStack::kafka);
        assertEquals(before.pid(), again.pid());
        assertEquals(before.ports(), again.ports());
        assertEquals(kafka.bootstrapServers(), again.endpoint());
    }

    @Test
    @Order(7)
    void stopLeavesNoProcessAndRestartKeepsData() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        TestStacks.assertStopsCleanly(kafka);

        kafka.start();
        assertTrue(kafka.status().healthy());
        assertEquals(bootstrap, kafka.bootstrapServers(), "a restart reuses the previous ports when free");
        // the committed records are still there after the restart
        List<ConsumerRecord<String, String>> got = consume("tx-topic", "read_committed", 2);
        assertEquals(2, got.size());
    }

    private List<ConsumerRecord<String, String>> consume(String topic, String isolation, int n) {
        Properties cp = common(kafka.bootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + "-" + System.nanoTime());
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            while (out.size() < n && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // a little longer to catch anything that should not be there
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        assertEquals(n, out.size(), "records read from " + topic + ": " + out);
        return out;
    }

}
