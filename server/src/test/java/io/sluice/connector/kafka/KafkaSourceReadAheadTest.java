package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.DeadLetters;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Kafka source's consumers stay assigned between batches and keep what they fetched ahead,
 * against a real broker: replays after a rollback still re-read exactly the same records, added
 * partitions are picked up, a full read-ahead buffer pauses its partition, and transactions'
 * control records and aborted records at a batch's end do not stall a batch.
 */
@Timeout(120)
class KafkaSourceReadAheadTest {
  private static final List<Column> ID_NAME =
      List.of(Column.of("id", ColumnType.BIGINT), Column.of("name", ColumnType.VARCHAR));
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private static KafkaTestCluster kafka;

  private final List<KafkaSource> opened = new ArrayList<>();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaTestCluster.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @AfterEach
  void closeSources() {
    opened.forEach(KafkaSource::close);
  }

  private static String topic(int partitions) throws Exception {
    String topic = "ra" + TOPICS.incrementAndGet();
    kafka.createTopic(topic, partitions, Map.of("max.message.bytes", String.valueOf(5 << 20)));
    return topic;
  }

  private KafkaSource source(String topic, String... options) {
    Map<String, String> map = new HashMap<>();
    map.put("connector", "kafka");
    map.put("topic", topic);
    map.put("bootstrap.servers", kafka.bootstrapServers());
    map.put("format", "json");
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    KafkaSource source =
        new KafkaSource(
            new SourceContext(
                "bids", ID_NAME, map, Path.of("."), new SourceMetrics(), DeadLetters.NONE));
    opened.add(source);
    return source;
  }

  private static List<String> rows(Batch batch) {
    List<String> rows = new ArrayList<>();
    for (Object[] row : batch.rows()) {
      rows.add(Arrays.toString(row));
    }
    return rows;
  }

  private static String json(long id, String name) {
    return "{\"id\": " + id + ", \"name\": \"" + name + "\"}";
  }

  @Test
  void recordsLeftForTheNextBatchComeOutWholeInOrder() throws Exception {
    // many records per fetch response, batches of 64: each batch leaves most of what was fetched
    // buffered, and those records are copied out of the response (not to pin it) between batches
    String topic = topic(1);
    List<String> values = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String name = "n" + i + "-" + "y".repeat(i % 37);
      values.add(json(i, name));
      expected.add("[" + i + ", " + name + "]");
    }
    kafka.sendAll(topic, 0, values);
    KafkaSource source = source(topic, "max-offsets-per-trigger", "64");
    List<String> all = new ArrayList<>();
    KafkaOffset from = source.initialOffset();
    for (KafkaOffset to = source.latestOffset(from);
        !to.equals(from);
        to = source.latestOffset(to)) {
      List<String> batch = rows(source.read(from, to));
      assertThat(batch.size()).isLessThanOrEqualTo(64);
      all.addAll(batch);
      from = to;
    }
    assertThat(all).containsExactlyElementsOf(expected);
  }

  @Test
  void replaysAfterARollbackReReadTheSameRecordsWhileTheConsumerStaysAssigned() throws Exception {
    String topic = topic(2);
    for (int i = 0; i < 30; i++) {
      kafka.send(topic, i % 2, json(i, "r" + i));
    }
    KafkaSource source = source(topic, "max-offsets-per-trigger", "6");
    List<KafkaOffset> offsets = new ArrayList<>();
    List<List<String>> batches = new ArrayList<>();
    offsets.add(source.initialOffset());
    for (KafkaOffset to = source.latestOffset(offsets.get(0));
        !to.equals(offsets.get(offsets.size() - 1));
        to = source.latestOffset(to)) {
      batches.add(rows(source.read(offsets.get(offsets.size() - 1), to)));
      offsets.add(to);
    }
    assertThat(batches).hasSize(5).allSatisfy(batch -> assertThat(batch).hasSize(6));
    List<String> all = new ArrayList<>();
    batches.forEach(all::addAll);
    assertThat(all).hasSize(30).doesNotHaveDuplicates();

    // a rollback to batch 2, then on: the same rows, batch by batch, from checkpointed offsets
    for (int b = 1; b < batches.size(); b++) {
      KafkaOffset from = source.parseOffset(offsets.get(b).toJson());
      KafkaOffset to = source.parseOffset(offsets.get(b + 1).toJson());
      assertThat(rows(source.read(from, to))).as("replayed batch %d", b).isEqualTo(batches.get(b));
    }
    // a restore to the very start, then a batch out of order: still exact
    assertThat(rows(source.read(offsets.get(0), offsets.get(1)))).isEqualTo(batches.get(0));
    assertThat(rows(source.read(offsets.get(3), offsets.get(4)))).isEqualTo(batches.get(3));
    assertThat(rows(source.read(offsets.get(1), offsets.get(2)))).isEqualTo(batches.get(1));

    // the same through split readers (parallel queries), each keeping its consumer
    for (int b = 0; b < batches.size(); b++) {
      List<String> split = new ArrayList<>();
      split.addAll(rows(source.read(offsets.get(b), offsets.get(b + 1), 0, 2)));
      split.addAll(rows(source.read(offsets.get(b), offsets.get(b + 1), 1, 2)));
      assertThat(split).as("split batch %d", b).isEqualTo(batches.get(b));
    }

    // and records that arrive later continue from where the last batch ended
    KafkaOffset last = offsets.get(offsets.size() - 1);
    kafka.send(topic, 1, json(100, "later"));
    KafkaOffset next = source.latestOffset(last);
    assertThat(rows(source.read(last, next))).containsExactly("[100, later]");
  }

  @Test
  void aPartitionAddedWhileRunningIsReadByTheAssignedReaders() throws Exception {
    String topic = topic(1);
    kafka.send(topic, 0, json(1, "a"));
    KafkaSource source = source(topic);
    KafkaOffset start = source.initialOffset();
    KafkaOffset first = source.latestOffset(start);
    assertThat(rows(source.read(start, first))).containsExactly("[1, a]");
    assertThat(rows(source.read(start, first, 0, 2))).containsExactly("[1, a]");

    kafka.addPartitions(topic, 3);
    kafka.send(topic, 1, json(2, "b"));
    kafka.send(topic, 2, json(3, "c"));
    kafka.send(topic, 0, json(4, "d"));
    KafkaOffset second = source.latestOffset(first);
    assertThat(second.positions())
        .containsExactly(Map.entry(0, 2L), Map.entry(1, 1L), Map.entry(2, 1L));
    assertThat(rows(source.read(first, second))).containsExactly("[4, d]", "[2, b]", "[3, c]");
    // split 0 has partitions 0 and 2, split 1 partition 1
    assertThat(rows(source.read(first, second, 0, 2))).containsExactly("[4, d]", "[3, c]");
    assertThat(rows(source.read(first, second, 1, 2))).containsExactly("[2, b]");
  }

  @Test
  void aFullReadAheadBufferPausesItsPartitionAndLosesNothing() throws Exception {
    String topic = topic(2);
    // 12 records of 2 MB: more than a partition's read-ahead bound, read one per batch
    char[] padding = new char[2 << 20];
    Arrays.fill(padding, 'x');
    String large = new String(padding);
    for (int i = 0; i < 12; i++) {
      kafka.send(topic, 0, json(i, large));
    }
    kafka.send(topic, 1, json(100, "small"));
    KafkaSource source = source(topic, "max-offsets-per-trigger", "2");
    List<Long> ids = new ArrayList<>();
    KafkaOffset from = source.initialOffset();
    for (KafkaOffset to = source.latestOffset(from);
        !to.equals(from);
        from = to, to = source.latestOffset(from)) {
      for (Object[] row : source.read(from, to).rows()) {
        ids.add((Long) row[0]);
      }
    }
    assertThat(ids)
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 100L);
    assertThat(from.positions()).containsExactly(Map.entry(0, 12L), Map.entry(1, 1L));
  }

  @Test
  void abortedTransactionsAndControlRecordsAtTheBatchEndDoNotStallIt() throws Exception {
    String topic = topic(1);
    KafkaSource source = source(topic);
    KafkaOffset start = source.initialOffset();
    try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 1; i <= 3; i++) {
        producer.send(record(topic, json(i, "committed")));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(record(topic, json(8, "aborted")));
      producer.send(record(topic, json(9, "aborted")));
      producer.flush();
      producer.abortTransaction();

      // 3 records, a commit marker, 2 aborted records, an abort marker: the batch ends on a marker
      KafkaOffset first = awaitEnd(source, start, 7);
      assertThat(rows(source.read(start, first)))
          .containsExactly("[1, committed]", "[2, committed]", "[3, committed]");

      // an open transaction: its records lie past the last stable offset until it commits
      producer.beginTransaction();
      producer.send(record(topic, json(4, "open")));
      producer.flush();
      assertThat(source.latestOffset(first)).isEqualTo(first);
      producer.commitTransaction();
      KafkaOffset second = awaitEnd(source, first, 9);
      assertThat(rows(source.read(first, second))).containsExactly("[4, open]");

      // a replay of both from the start: the same rows, markers and aborted records skipped
      assertThat(rows(source.read(start, first)))
          .containsExactly("[1, committed]", "[2, committed]", "[3, committed]");
      assertThat(rows(source.read(first, second))).containsExactly("[4, open]");

      // only aborted records and markers past the end: the batch reads nothing and ends
      producer.beginTransaction();
      producer.send(record(topic, json(10, "aborted")));
      producer.flush();
      producer.abortTransaction();
      KafkaOffset third = awaitEnd(source, second, 11);
      assertThat(rows(source.read(second, third))).isEmpty();
      KafkaOffset fourth = source.latestOffset(third);
      assertThat(fourth).isEqualTo(third);
    }
  }

  @Test
  void awaitDataReturnsOnceARecordArrives() throws Exception {
    String topic = topic(1);
    kafka.send(topic, 0, json(1, "a"));
    KafkaSource source = source(topic);
    KafkaOffset start = source.initialOffset();
    KafkaOffset first = source.latestOffset(start);
    assertThat(rows(source.read(start, first))).containsExactly("[1, a]");
    CompletableFuture<Void> waited =
        CompletableFuture.runAsync(
            () -> {
              try {
                source.awaitData(first, 20_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    kafka.send(topic, 0, json(2, "b"));
    waited.get(60, TimeUnit.SECONDS);
    KafkaOffset next = awaitEnd(source, first, 2);
    assertThat(rows(source.read(first, next))).containsExactly("[2, b]");
  }

  @Test
  void arrivedOffsetReachesWhatTheConsumerFetchedAndReadsItExactly() throws Exception {
    String topic = topic(2);
    kafka.send(topic, 0, json(1, "a"));
    kafka.send(topic, 0, json(2, "b"));
    kafka.send(topic, 1, json(3, "c"));
    KafkaSource source = source(topic);
    KafkaOffset start = source.initialOffset();
    // no position yet: the broker is asked
    KafkaOffset first = source.arrivedOffset(start);
    assertThat(first.positions()).containsExactly(Map.entry(0, 2L), Map.entry(1, 1L));
    assertThat(rows(source.read(start, first))).containsExactly("[1, a]", "[2, b]", "[3, c]");

    kafka.send(topic, 0, json(4, "d"));
    kafka.send(topic, 1, json(5, "e"));
    kafka.send(topic, 1, json(6, "f"));
    KafkaOffset second = awaitArrived(source, first, Map.of(0, 3L, 1, 3L));
    assertThat(rows(source.read(first, second))).containsExactly("[4, d]", "[5, e]", "[6, f]");
    assertThat(source.arrivedOffset(second)).isEqualTo(second);

    // a replay leaves the buffers behind the next batch's start: the broker is asked again
    assertThat(rows(source.read(start, first))).containsExactly("[1, a]", "[2, b]", "[3, c]");
    kafka.send(topic, 0, json(7, "g"));
    KafkaOffset third = awaitArrived(source, second, Map.of(0, 4L, 1, 3L));
    assertThat(rows(source.read(second, third))).containsExactly("[7, g]");
  }

  @Test
  void arrivedOffsetTakesAtMostMaxOffsetsPerTrigger() throws Exception {
    String topic = topic(1);
    kafka.send(topic, 0, json(1, "a"));
    KafkaSource source = source(topic, "max-offsets-per-trigger", "2");
    KafkaOffset start = source.initialOffset();
    KafkaOffset first = source.arrivedOffset(start);
    assertThat(rows(source.read(start, first))).containsExactly("[1, a]");
    for (int i = 2; i <= 6; i++) {
      kafka.send(topic, 0, json(i, "x"));
    }
    List<String> read = new ArrayList<>();
    KafkaOffset from = first;
    long deadline = System.currentTimeMillis() + 30_000;
    while (from.position(0, 0) < 6 && System.currentTimeMillis() < deadline) {
      source.awaitData(from, 100);
      KafkaOffset to = source.arrivedOffset(from);
      assertThat(to.position(0, 0) - from.position(0, 0)).isBetween(0L, 2L);
      read.addAll(rows(source.read(from, to)));
      from = to;
    }
    assertThat(read).containsExactly("[2, x]", "[3, x]", "[4, x]", "[5, x]", "[6, x]");
  }

  @Test
  void signalsDataOnceItsFirstBatchAssignedItsConsumer() throws Exception {
    String topic = topic(1);
    kafka.send(topic, 0, json(1, "a"));
    KafkaSource source = source(topic);
    KafkaOffset start = source.initialOffset();
    // no consumer to wait on yet: the default trigger sleeps its idle poll
    assertThat(source.signalsData()).isFalse();
    KafkaOffset first = source.latestOffset(start);
    assertThat(rows(source.read(start, first))).containsExactly("[1, a]");
    assertThat(source.signalsData()).isTrue();
  }

  /**
   * Waits on the source, as the continuous trigger does, until what arrived past {@code from}
   * reaches {@code positions}.
   */
  private static KafkaOffset awaitArrived(
      KafkaSource source, KafkaOffset from, Map<Integer, Long> positions)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    KafkaOffset arrived = source.arrivedOffset(from);
    while (!arrived.positions().equals(positions) && System.currentTimeMillis() < deadline) {
      source.awaitData(from, 100);
      arrived = source.arrivedOffset(from);
    }
    assertThat(arrived.positions()).isEqualTo(positions);
    return arrived;
  }

  /** The end offset of partition 0 once it reaches {@code position} (markers land just after). */
  private static KafkaOffset awaitEnd(KafkaSource source, KafkaOffset from, long position)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    KafkaOffset end = source.latestOffset(from);
    while (end.position(0, 0) < position && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      end = source.latestOffset(from);
    }
    assertThat(end.positions()).containsEntry(0, position);
    return end;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
    return new ProducerRecord<>(topic, 0, null, value.getBytes(StandardCharsets.UTF_8));
  }

  private static KafkaProducer<byte[], byte[]> transactionalProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "read-ahead-test-" + TOPICS.incrementAndGet(),
            ProducerConfig.LINGER_MS_CONFIG,
            0),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
