package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transactional Kafka sink against a real broker, as read_committed consumers see it. */
@Timeout(120)
class KafkaSinkTest {
  private static final List<Column> COLUMNS =
      List.of(
          Column.of("id", ColumnType.BIGINT),
          Column.of("name", ColumnType.VARCHAR),
          Column.of("ts", ColumnType.TIMESTAMP),
          Column.of("ok", ColumnType.BOOLEAN));
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static KafkaTestCluster kafka;

  private final List<KafkaSink> opened = new ArrayList<>();

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
  void closeSinks() {
    opened.forEach(KafkaSink::close);
  }

  private static String topic(int partitions) throws Exception {
    String topic = "out" + NAMES.incrementAndGet();
    kafka.createTopic(topic, partitions);
    return topic;
  }

  private KafkaSink sink(String name, String topic, String... options) {
    Map<String, String> map = new HashMap<>();
    map.put("connector", "kafka");
    map.put("topic", topic);
    map.put("bootstrap.servers", kafka.bootstrapServers());
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    KafkaSink sink =
        new KafkaSink(
            new SourceContext(name, COLUMNS, map, Path.of("."), new SourceMetrics()), name);
    opened.add(sink);
    return sink;
  }

  /** Rows {@code first .. first+count-1}: id n, name "n-<n>", ts n seconds, ok for even n. */
  private static Batch rows(int first, int count) {
    BatchBuilder out = new BatchBuilder(COLUMNS.stream().map(Column::type).toList(), count);
    for (int n = first; n < first + count; n++) {
      out.setLong(0, n);
      out.setObject(1, "n-" + n);
      out.setLong(2, n * 1000L);
      out.setLong(3, n % 2 == 0 ? 1 : 0);
      out.endRow();
    }
    return out.build();
  }

  private static String json(int n) {
    return "{\"id\":"
        + n
        + ",\"name\":\"n-"
        + n
        + "\",\"ts\":\"1970-01-01 00:00:"
        + String.format("%02d", n)
        + ".000\",\"ok\":"
        + (n % 2 == 0)
        + "}";
  }

  @Test
  void aBatchIsInvisibleUntilItsTransactionCommits() throws Exception {
    String topic = topic(3);
    KafkaSink sink = sink("orders", topic);
    assertThat(sink.lastCommittedBatch()).isEqualTo(-1);
    sink.write(0, rows(1, 3));
    assertThat(kafka.readCommitted(topic)).isEmpty();
    sink.commit(0);
    assertThat(kafka.awaitCommitted(topic, 3)).containsExactlyInAnyOrder(json(1), json(2), json(3));
    assertThat(sink.lastCommittedBatch()).isZero();
    assertThat(sink.transactionalId()).isEqualTo("sluice-sink-orders");
  }

  @Test
  void aBatchCommittedBeforeACrashIsRecognisedAndNotWrittenAgain() throws Exception {
    String topic = topic(2);
    String name = "replayed" + NAMES.get();
    KafkaSink first = sink(name, topic);
    first.write(0, rows(1, 2));
    first.commit(0);
    first.write(1, rows(3, 2));
    first.commit(1);
    // the process dies here, after Kafka's commit and before the checkpoint's commits/1
    KafkaSink restarted = sink(name, topic);
    assertThat(restarted.lastCommittedBatch()).isEqualTo(1);
    restarted.write(1, rows(3, 2));
    restarted.commit(1);
    restarted.write(2, rows(5, 1));
    restarted.commit(2);
    assertThat(kafka.awaitCommitted(topic, 5))
        .containsExactlyInAnyOrder(json(1), json(2), json(3), json(4), json(5));
    assertThat(sink(name, topic).lastCommittedBatch()).isEqualTo(2);
  }

  @Test
  void aTransactionLeftOpenByACrashIsAbortedByTheRestartedSink() throws Exception {
    String topic = topic(2);
    String name = "aborted" + NAMES.get();
    KafkaSink crashed = sink(name, topic);
    crashed.write(0, rows(1, 1));
    crashed.commit(0);
    crashed.write(1, rows(2, 2));
    // dies mid-sink: batch 1's records are in the log, uncommitted
    KafkaSink restarted = sink(name, topic);
    assertThat(restarted.lastCommittedBatch()).isZero();
    restarted.write(1, rows(2, 2));
    restarted.commit(1);
    assertThat(kafka.awaitCommitted(topic, 3)).containsExactlyInAnyOrder(json(1), json(2), json(3));
    // the fenced writer can no longer commit anything
    assertThatThrownBy(() -> crashed.commit(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not commit batch 1");
    assertThat(kafka.readCommitted(topic)).hasSize(3);
  }

  @Test
  void aBatchWrittenAgainAfterAFailedAttemptRecordsOnlyTheAttemptThatCommits() throws Exception {
    String topic = topic(1);
    String name = "retried" + NAMES.get();
    KafkaSink sink = sink(name, topic);
    sink.write(0, rows(1, 1));
    sink.commit(0);
    // the driver failed after batch 1's first attempt sent its rows and its ledger entry: the
    // retry aborts that attempt, entry included, and begins the batch again
    sink.write(1, rows(2, 2));
    sink.write(1, rows(2, 2));
    assertThat(kafka.readCommitted(topic)).containsExactly(json(1));
    sink.commit(1);
    assertThat(kafka.awaitCommitted(topic, 3)).containsExactly(json(1), json(2), json(3));
    assertThat(sink(name, topic).lastCommittedBatch()).isEqualTo(1);
    // an attempt abandoned for good leaves the last committed batch where it was
    sink.write(3, rows(4, 1));
    sink.close();
    assertThat(sink(name, topic).lastCommittedBatch()).isEqualTo(1);
    assertThat(kafka.readCommitted(topic)).hasSize(3);
  }

  @Test
  void anEpochCommitsOnAnotherThreadWhileTheNextOnesRowsAreWritten() throws Exception {
    String topic = topic(1);
    String name = "pipelined" + NAMES.get();
    KafkaSink sink = sink(name, topic);
    assertThat(sink.commitsWhileTheNextBatchIsWritten()).isTrue();
    sink.writeMore(0, rows(1, 2));
    sink.prepareCommit(0);
    sink.writeMore(1, rows(3, 1));
    // batch 1's transaction is open on the other producer; batch 0's rows came first, so its
    // commit alone makes them readable
    CompletableFuture.runAsync(() -> sink.commit(0)).get(60, TimeUnit.SECONDS);
    assertThat(kafka.awaitCommitted(topic, 2)).containsExactly(json(1), json(2));
    sink.writeMore(1, rows(4, 1));
    sink.prepareCommit(1);
    sink.writeMore(2, rows(5, 1));
    CompletableFuture.runAsync(() -> sink.commit(1)).get(60, TimeUnit.SECONDS);
    assertThat(kafka.awaitCommitted(topic, 4)).containsExactly(json(1), json(2), json(3), json(4));
    assertThat(sink.lastCommittedBatch()).isEqualTo(1);
    sink.prepareCommit(2);
    sink.writeMore(3, rows(6, 1));
    // the server dies with a transaction open on each producer: the restarted sink fences both,
    // or the one left open would hide everything after its first record until it timed out
    KafkaSink restarted = sink(name, topic);
    restarted.writeMore(2, rows(5, 1));
    restarted.commit(2);
    assertThat(kafka.awaitCommitted(topic, 5))
        .containsExactly(json(1), json(2), json(3), json(4), json(5));
    restarted.writeMore(3, rows(6, 2));
    restarted.commit(3);
    assertThat(kafka.awaitCommitted(topic, 7))
        .containsExactly(json(1), json(2), json(3), json(4), json(5), json(6), json(7));
    assertThat(sink(name, topic).lastCommittedBatch()).isEqualTo(3);
    assertThatThrownBy(() -> sink.commit(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not commit batch 2");
  }

  @Test
  void aFreshStartForgetsTheBatchesOfAnEarlierSinkOfTheSameName() throws Exception {
    String topic = topic(1);
    String name = "recreated" + NAMES.get();
    KafkaSink dropped = sink(name, topic);
    dropped.write(0, rows(1, 1));
    dropped.commit(0);
    dropped.write(1, rows(2, 1));
    dropped.commit(1);
    // DROP SINK, then CREATE SINK of the same name: a new query, whose batch 0 is new output
    KafkaSink created = sink(name, topic);
    created.startFresh();
    assertThat(created.lastCommittedBatch()).isEqualTo(-1);
    // the reset itself is durable: a restart before the first batch still knows nothing
    KafkaSink restarted = sink(name, topic);
    assertThat(restarted.lastCommittedBatch()).isEqualTo(-1);
    restarted.write(0, rows(3, 1));
    restarted.commit(0);
    assertThat(kafka.awaitCommitted(topic, 3)).containsExactly(json(1), json(2), json(3));
    assertThat(sink(name, topic).lastCommittedBatch()).isZero();
  }

  @Test
  void batchesWithoutRowsOpenNoTransaction() throws Exception {
    String topic = topic(1);
    KafkaSink sink = sink("quiet" + NAMES.get(), topic);
    sink.write(0, rows(0, 0));
    sink.commit(0);
    assertThat(sink.lastCommittedBatch()).isEqualTo(-1);
    sink.write(1, rows(7, 1));
    sink.commit(1);
    assertThat(sink.lastCommittedBatch()).isEqualTo(1);
    assertThat(kafka.awaitCommitted(topic, 1)).containsExactly(json(7));
  }

  @Test
  void writesCsvValuesAndKeysFromTheKeyFields() throws Exception {
    String topic = topic(4);
    KafkaSink sink = sink("keyed" + NAMES.get(), topic, "format", "csv", "key.fields", "name, ID");
    sink.write(0, rows(1, 2));
    sink.commit(0);
    kafka.awaitCommitted(topic, 2);
    List<String> records = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.records(topic)) {
      records.add(
          new String(record.key(), StandardCharsets.UTF_8)
              + " => "
              + new String(record.value(), StandardCharsets.UTF_8));
    }
    assertThat(records)
        .containsExactlyInAnyOrder(
            "n-1,1 => 1,n-1,1970-01-01 00:00:01.000,false",
            "n-2,2 => 2,n-2,1970-01-01 00:00:02.000,true");
  }

  @Test
  void refusesABookkeepingGroupSomeoneElseWrote() throws Exception {
    String topic = topic(1);
    kafka
        .admin()
        .alterConsumerGroupOffsets(
            "sluice-sink-taken", Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)))
        .all()
        .get(30, TimeUnit.SECONDS);
    assertThatThrownBy(() -> sink("taken", topic).lastCommittedBatch())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Consumer group 'sluice-sink-taken' holds an offset");
  }

  @Test
  void validatesOptionsWithoutABroker() {
    Map<String, String> options =
        Map.of(
            "connector",
            "kafka",
            "topic",
            "t",
            "bootstrap.servers",
            "127.0.0.1:1",
            "format",
            "avro");
    assertThatThrownBy(
            () ->
                new KafkaSink(
                    new SourceContext("s", COLUMNS, options, Path.of("."), new SourceMetrics()),
                    "s"))
        .hasMessage(
            "Format 'avro' cannot encode Kafka records (for 's'); formats that can: csv, json");
    assertThatThrownBy(
            () ->
                new KafkaSink(
                    new SourceContext(
                        "s",
                        COLUMNS,
                        Map.of(
                            "connector",
                            "kafka",
                            "topic",
                            "t",
                            "bootstrap.servers",
                            "127.0.0.1:1",
                            "key.fields",
                            "nope"),
                        Path.of("."),
                        new SourceMetrics()),
                    "s"))
        .hasMessageContaining("'key.fields' names column 'nope'");
    new KafkaSink(
            new SourceContext(
                "s",
                COLUMNS,
                Map.of(
                    "connector",
                    "kafka",
                    "topic",
                    "t",
                    "bootstrap.servers",
                    "127.0.0.1:1",
                    "properties.transactional.id",
                    "mine"),
                Path.of("."),
                new SourceMetrics()),
            "s")
        .close();
  }
}
