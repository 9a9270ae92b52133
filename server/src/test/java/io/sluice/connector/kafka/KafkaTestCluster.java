package io.sluice.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka (one combined broker and controller) inside the test JVM, set up
 * for transactions, with the few client calls tests need. Start one per test class and close it.
 */
final class KafkaTestCluster implements AutoCloseable {
  private static final long DEADLINE_MILLIS = 30_000;

  private final KafkaClusterTestKit cluster;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;

  private KafkaTestCluster(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                4 << 20,
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  static KafkaTestCluster start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            // one node: every internal topic must fit on it; few partitions keep creation quick
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaTestCluster(cluster);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  Admin admin() {
    return admin;
  }

  void createTopic(String topic, int partitions) throws Exception {
    createTopic(topic, partitions, Map.of());
  }

  /**
   * Creates the topic and waits until the broker serves every partition with a leader: the
   * controller answers first, and a group offset or a produce to the topic in between fails with an
   * unknown partition.
   */
  void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
    admin
        .createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
        .all()
        .get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (true) {
      try {
        TopicDescription description =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                .get(topic);
        if (description.partitions().size() == partitions
            && description.partitions().stream().allMatch(p -> p.leader() != null)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("Topic " + topic + " has no leader for every partition");
      }
      Thread.sleep(10);
    }
  }

  void addPartitions(String topic, int total) throws Exception {
    admin
        .createPartitions(Map.of(topic, NewPartitions.increaseTo(total)))
        .all()
        .get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Sends one record (null value: a tombstone) and returns its offset. */
  long send(String topic, int partition, String value) throws Exception {
    return send(topic, partition, null, value);
  }

  long send(String topic, int partition, Long timestamp, String value) throws Exception {
    return send(
        topic, partition, timestamp, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  long send(String topic, int partition, Long timestamp, byte[] value) throws Exception {
    RecordMetadata metadata =
        producer
            .send(new ProducerRecord<>(topic, partition, timestamp, null, value))
            .get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    return metadata.offset();
  }

  /**
   * Sends {@code values} to one partition without waiting between them, so the producer batches
   * several records together (as a compressed topic then stores them), and waits for them all.
   */
  void sendAll(String topic, int partition, List<String> values) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (String value : values) {
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  topic, partition, null, null, value.getBytes(StandardCharsets.UTF_8))));
    }
    for (Future<RecordMetadata> record : sent) {
      record.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Every record value of {@code topic} a {@code read_committed} consumer sees now, partition by
   * partition; reads up to the end offsets listed at the call.
   */
  List<String> readCommitted(String topic) {
    return records(topic).stream()
        .map(
            record ->
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8))
        .collect(Collectors.toList());
  }

  /**
   * What {@link #readCommitted} returns once it holds at least {@code count} values: a commit's
   * markers reach the partitions just after the producer's commit returns.
   */
  List<String> awaitCommitted(String topic, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    List<String> values = readCommitted(topic);
    while (values.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      values = readCommitted(topic);
    }
    return values;
  }

  /** Every record of {@code topic} a {@code read_committed} consumer sees now. */
  List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    return records(topic, "read_committed");
  }

  /**
   * Every record value of {@code topic} a {@code read_uncommitted} consumer sees now: those of open
   * transactions too.
   */
  List<String> readUncommitted(String topic) {
    return records(topic, "read_uncommitted").stream()
        .map(
            record ->
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8))
        .collect(Collectors.toList());
  }

  private List<ConsumerRecord<byte[], byte[]>> records(String topic, String isolation) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("could not read " + topic + " up to " + ends);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
          }
        }
      }
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
      byPartition.values().forEach(all::addAll);
      return all;
    }
  }

  /** Committed offsets of a consumer group for {@code topic}, by partition (stable only). */
  Map<Integer, Long> groupOffsets(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    Map<Integer, Long> result = new TreeMap<>();
    offsets.forEach(
        (tp, offset) -> {
          if (tp.topic().equals(topic) && offset != null) {
            result.put(tp.partition(), offset.offset());
          }
        });
    return result;
  }

  /** End offsets ({@code read_committed}) of {@code topic}, by partition. */
  Map<Integer, Long> endOffsets(String topic) throws Exception {
    Set<Integer> partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
            .get(topic)
            .partitions()
            .stream()
            .map(info -> info.partition())
            .collect(Collectors.toSet());
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(new TopicPartition(topic, p), OffsetSpec.latest()));
    Map<Integer, Long> result = new TreeMap<>();
    admin
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
        .forEach((tp, info) -> result.put(tp.partition(), info.offset()));
    return result;
  }

  /** Stops the broker (the controller stays): clients lose their connections. */
  void stopBroker() {
    cluster.brokers().values().forEach(broker -> broker.shutdown());
  }

  /** Starts the stopped broker again on its address and waits until it serves. */
  void startBroker() throws Exception {
    for (var broker : cluster.brokers().values()) {
      broker.startup();
    }
    cluster.waitForReadyBrokers();
  }

  @Override
  public void close() throws Exception {
    try {
      producer.close(Duration.ofSeconds(5));
      admin.close(Duration.ofSeconds(5));
    } finally {
      cluster.close();
    }
  }
}
