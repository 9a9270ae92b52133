package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.connector.parquet.AvroSchemas;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.DeadLetter;
import io.sluice.spi.connector.DeadLetters;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The Kafka source against a real broker: partitions, limits, startup modes, bad records. */
@Timeout(120)
class KafkaSourceTest {
  private static final List<Column> ID_NAME =
      List.of(Column.of("id", ColumnType.BIGINT), Column.of("name", ColumnType.VARCHAR));
  private static final int TWO_MB = 2 << 20;
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private static KafkaTestCluster kafka;

  private final SourceMetrics metrics = new SourceMetrics();
  private final List<KafkaSource> opened = new ArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger sourceLogger = (Logger) LoggerFactory.getLogger(KafkaSource.class);

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

  @BeforeEach
  void captureLog() {
    log.start();
    sourceLogger.addAppender(log);
  }

  @AfterEach
  void closeSources() {
    sourceLogger.detachAppender(log);
    opened.forEach(KafkaSource::close);
  }

  /** A fresh topic for each test, so tests share the broker and nothing else. */
  private static String topic(int partitions) throws Exception {
    String topic = "t" + TOPICS.incrementAndGet();
    // room for the 2 MB records: the broker's default limit is 1 MB
    kafka.createTopic(topic, partitions, Map.of("max.message.bytes", String.valueOf(5 << 20)));
    return topic;
  }

  private KafkaSource source(String topic, String format, String... options) {
    return source(DeadLetters.NONE, topic, format, options);
  }

  private KafkaSource source(
      DeadLetters deadLetters, String topic, String format, String... options) {
    Map<String, String> map = new HashMap<>();
    map.put("connector", "kafka");
    map.put("topic", topic);
    map.put("bootstrap.servers", kafka.bootstrapServers());
    map.put("format", format);
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    KafkaSource source =
        new KafkaSource(
            new SourceContext("bids", ID_NAME, map, Path.of("."), metrics, deadLetters));
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
  void readsEveryPartitionAndReplaysTheSameRangeExactly() throws Exception {
    String topic = topic(3);
    for (int p = 0; p < 3; p++) {
      for (int i = 0; i < 4; i++) {
        kafka.send(topic, p, json(p * 10 + i, "p" + p));
      }
    }
    KafkaSource source = source(topic, "json");
    KafkaOffset start = source.initialOffset();
    KafkaOffset end = source.latestOffset(start);
    assertThat(end.positions())
        .containsExactly(Map.entry(0, 4L), Map.entry(1, 4L), Map.entry(2, 4L));

    List<String> first = rows(source.read(start, end));
    assertThat(first).hasSize(12).contains("[0, p0]", "[13, p1]", "[23, p2]");
    // replay from the checkpointed JSON form: same rows, same order
    SourceOffset replayStart = source.parseOffset(start.toJson());
    SourceOffset replayEnd = source.parseOffset(end.toJson());
    assertThat(rows(source.read(replayStart, replayEnd))).isEqualTo(first);
    assertThat(source.latestOffset(end)).isSameAs(end);

    kafka.send(topic, 1, json(99, "late"));
    KafkaOffset next = source.latestOffset(end);
    assertThat(next.positions()).containsEntry(1, 5L).containsEntry(0, 4L);
    assertThat(rows(source.read(end, next))).containsExactly("[99, late]");
    assertThat(metrics.rowsRead()).isEqualTo(25);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "lz4", "zstd"})
  void recordsOfCompressedBatchesAreEachDecodedFromTheirOwnBytes(String codec) throws Exception {
    // records are decoded where the consumer left them (no copy each): a compressed batch's
    // records must still come out whole and in order, none showing another's bytes
    String topic = "t" + TOPICS.incrementAndGet();
    kafka.createTopic(topic, 1, Map.of("compression.type", codec));
    List<String> values = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String name = "name-" + i + "-" + "x".repeat(i % 50);
      values.add(json(i, name));
      expected.add("[" + i + ", " + name + "]");
    }
    kafka.sendAll(topic, 0, values);
    KafkaSource source = source(topic, "json");
    KafkaOffset start = source.initialOffset();
    KafkaOffset end = source.latestOffset(start);

    assertThat(rows(source.read(start, end))).containsExactlyElementsOf(expected);
  }

  @Test
  void maxOffsetsPerTriggerBoundsEachBatchAndSplitsItFairly() throws Exception {
    String topic = topic(3);
    int[] backlog = {1, 5, 10};
    for (int p = 0; p < 3; p++) {
      for (int i = 0; i < backlog[p]; i++) {
        kafka.send(topic, p, json(p * 100 + i, "x"));
      }
    }
    KafkaSource source = source(topic, "json", "max-offsets-per-trigger", "6");
    KafkaOffset start = source.initialOffset();
    KafkaOffset first = source.latestOffset(start);
    // equal shares of 2; partition 0 has only 1, so its unused share goes to the larger ones
    assertThat(first.positions())
        .containsExactly(Map.entry(0, 1L), Map.entry(1, 2L), Map.entry(2, 3L));

    List<Integer> sizes = new ArrayList<>();
    List<String> all = new ArrayList<>(rows(source.read(start, first)));
    sizes.add(all.size());
    KafkaOffset from = first;
    for (KafkaOffset to = source.latestOffset(from);
        !to.equals(from);
        from = to, to = source.latestOffset(from)) {
      Batch batch = source.read(from, to);
      sizes.add(batch.rowCount());
      all.addAll(rows(batch));
    }
    assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 6));
    assertThat(sizes).containsExactly(6, 6, 4);
    assertThat(all).hasSize(16).doesNotHaveDuplicates();
    assertThat(from.positions())
        .containsExactly(Map.entry(0, 1L), Map.entry(1, 5L), Map.entry(2, 10L));
  }

  @Test
  void latestStartupModeSkipsWhatWasAlreadyThere() throws Exception {
    String topic = topic(2);
    kafka.send(topic, 0, json(1, "old"));
    kafka.send(topic, 1, json(2, "old"));
    KafkaSource source = source(topic, "json", "scan.startup.mode", "latest");
    KafkaOffset start = source.initialOffset();
    assertThat(start.positions()).containsExactly(Map.entry(0, 1L), Map.entry(1, 1L));
    assertThat(source.latestOffset(start)).isSameAs(start);
    kafka.send(topic, 1, json(3, "new"));
    KafkaOffset end = source.latestOffset(start);
    assertThat(rows(source.read(start, end))).containsExactly("[3, new]");
    // the startup position is fixed for the source's life
    assertThat(source.initialOffset()).isSameAs(start);
  }

  @Test
  void timestampStartupModeStartsAtTheFirstRecordAtOrAfterIt() throws Exception {
    String topic = topic(2);
    kafka.send(topic, 0, 1_000L, json(1, "before"));
    kafka.send(topic, 0, 5_000L, json(2, "at"));
    kafka.send(topic, 0, 6_000L, json(3, "after"));
    kafka.send(topic, 1, 2_000L, json(4, "before"));
    KafkaSource source =
        source(
            topic,
            "json",
            "scan.startup.mode",
            "timestamp",
            "scan.startup.timestamp-millis",
            "5000");
    KafkaOffset start = source.initialOffset();
    // partition 1 has nothing that late: it starts at its end
    assertThat(start.positions()).containsExactly(Map.entry(0, 1L), Map.entry(1, 1L));
    assertThat(rows(source.read(start, source.latestOffset(start))))
        .containsExactly("[2, at]", "[3, after]");
  }

  @Test
  void timestampStartupModeNeedsItsTimestamp() {
    assertThatThrownBy(() -> source("any", "json", "scan.startup.mode", "timestamp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'scan.startup.timestamp-millis'")
        .hasMessageContaining("'bids'");
    assertThatThrownBy(() -> source("any", "json", "scan.startup.mode", "newest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected one of: earliest, latest, timestamp");
  }

  @Test
  void partitionsAddedLaterAreReadFromTheirEarliestRecord() throws Exception {
    String topic = topic(1);
    kafka.send(topic, 0, json(1, "a"));
    KafkaSource source = source(topic, "json", "scan.startup.mode", "latest");
    KafkaOffset start = source.initialOffset();
    kafka.addPartitions(topic, 2);
    kafka.send(topic, 1, json(2, "b"));
    kafka.send(topic, 1, json(3, "c"));
    KafkaOffset end = source.latestOffset(start);
    assertThat(end.positions()).containsExactly(Map.entry(0, 1L), Map.entry(1, 2L));
    assertThat(rows(source.read(start, end))).containsExactly("[2, b]", "[3, c]");
  }

  @Test
  void aBatchOfFewRowsOverAWideSpanOfOffsetsHoldsItsRows() throws Exception {
    // 2 000 offsets, 5 good records: the rows are kept, the room made for the span given back
    String topic = topic(1);
    kafka.send(topic, 0, json(-1, "first"));
    KafkaSource source = source(topic, "json");
    KafkaOffset start = source.initialOffset();
    KafkaOffset first = source.latestOffset(start);
    assertThat(rows(source.read(start, first))).containsExactly("[-1, first]");
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      values.add(i % 500 == 0 || i == 1999 ? json(i, "good" + i) : "{\"id\": " + i + ", broken");
    }
    kafka.sendAll(topic, 0, values);
    KafkaOffset second = source.latestOffset(first);

    Batch batch = source.read(first, second);

    assertThat(rows(batch))
        .containsExactly(
            "[0, good0]",
            "[500, good500]",
            "[1000, good1000]",
            "[1500, good1500]",
            "[1999, good1999]");
    assertThat(metrics.badRecords()).isEqualTo(1995);
    assertThat(batch.column(0).capacity()).isLessThan(100);
  }

  @Test
  void skipsBadRecordsCountingAndNamingEach() throws Exception {
    String topic = topic(1);
    kafka.send(topic, 0, json(1, "ok"));
    kafka.send(topic, 0, "{\"id\": 2, \"name\": \"trunc");
    kafka.send(topic, 0, null, (String) null);
    kafka.send(topic, 0, "{\"id\": " + "9".repeat(TWO_MB) + "}");
    kafka.send(topic, 0, null, new byte[] {'{', (byte) 0xC3, '}'});
    kafka.send(topic, 0, json(3, "x".repeat(TWO_MB)));
    kafka.send(topic, 0, json(4, "ok"));
    KafkaSource source = source(topic, "json");
    KafkaOffset start = source.initialOffset();
    Batch batch = source.read(start, source.latestOffset(start));

    assertThat(batch.rowCount()).isEqualTo(3);
    assertThat(batch.rows().get(1)[1]).asString().hasSize(TWO_MB);
    assertThat(metrics.badRecords()).isEqualTo(4);
    List<String> warnings = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(warnings).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(warnings.get(i))
          .startsWith(
              "Skipped bad record in 'bids', topic '"
                  + topic
                  + "' partition 0 offset "
                  + (i + 1)
                  + ": ");
    }
    assertThat(warnings.get(1)).contains("tombstone");
    assertThat(warnings.get(3)).contains("not valid UTF-8");
    // a 2 MB record is named, not quoted whole
    assertThat(warnings).allSatisfy(message -> assertThat(message.length()).isLessThan(1_000));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "truncated JSON, json",
    "wrong CSV arity, csv",
    "tombstone, json",
    "2 MB malformed, json"
  })
  void failPolicyStopsAtTheFirstBadRecordNamingIt(String kind, String format) throws Exception {
    String topic = topic(2);
    kafka.send(topic, 1, format.equals("json") ? json(1, "ok") : "1,ok");
    switch (kind) {
      case "truncated JSON":
        kafka.send(topic, 1, "{\"id\": 2, \"na");
        break;
      case "wrong CSV arity":
        kafka.send(topic, 1, "2,ok,extra");
        break;
      case "tombstone":
        kafka.send(topic, 1, null);
        break;
      default:
        kafka.send(topic, 1, "[" + "1,".repeat(TWO_MB / 2));
        break;
    }
    KafkaSource source = source(topic, format, "on-error", "fail");
    KafkaOffset start = source.initialOffset();
    KafkaOffset end = source.latestOffset(start);
    assertThatThrownBy(() -> source.read(start, end))
        .isInstanceOf(SourceReadException.class)
        .hasMessageStartingWith(
            "Bad record in 'bids', topic '" + topic + "' partition 1 offset 1: ")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1_000));
    assertThat(metrics.badRecords()).isZero();
  }

  /**
   * Skip and dead-letter for each format: the bad records (malformed, a tombstone, a 2 MB malformed
   * one) are dropped and counted, named by topic, partition and offset; dead-letter also hands each
   * on with its text. A good 2 MB record is read.
   */
  @ParameterizedTest(name = "{0} under {1}")
  @CsvSource({"json, skip", "json, dead-letter", "csv, skip", "csv, dead-letter"})
  void badRecordsAreDroppedCountedAndUnderDeadLetterKept(String format, String policy)
      throws Exception {
    String topic = topic(1);
    String huge = "x".repeat(TWO_MB);
    boolean json = format.equals("json");
    String malformed = json ? "{\"id\": 2, \"na" : "2";
    String hugeMalformed = json ? "{\"id\": 3, \"name\": \"" + huge : "3," + huge + ",extra";
    kafka.send(topic, 0, json ? json(1, "ok") : "1,ok");
    kafka.send(topic, 0, malformed);
    kafka.send(topic, 0, null, (String) null);
    kafka.send(topic, 0, hugeMalformed);
    kafka.send(topic, 0, json ? json(4, huge) : "4," + huge);
    List<DeadLetter> letters = new ArrayList<>();
    KafkaSource source = source(letters::add, topic, format, "on-error", policy);
    KafkaOffset start = source.initialOffset();

    Batch batch = source.read(start, source.latestOffset(start));

    assertThat(batch.rows()).extracting(row -> row[0]).containsExactly(1L, 4L);
    assertThat(batch.rows().get(1)[1]).asString().hasSize(TWO_MB);
    assertThat(metrics.badRecords()).isEqualTo(3);
    String verb = policy.equals("skip") ? "Skipped" : "Dead-lettered";
    List<String> warnings = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(warnings).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(warnings.get(i))
          .startsWith(
              verb
                  + " bad record in 'bids', topic '"
                  + topic
                  + "' partition 0 offset "
                  + (i + 1)
                  + ": ")
          .hasSizeLessThan(1_000);
    }
    if (policy.equals("skip")) {
      assertThat(letters).isEmpty();
      return;
    }
    String arity = json ? "Malformed JSON" : "Expected 2 fields, got ";
    assertThat(letters)
        .extracting(DeadLetter::relation, DeadLetter::sourcePosition)
        .containsExactly(
            tuple("bids", "topic '" + topic + "' partition 0 offset 1"),
            tuple("bids", "topic '" + topic + "' partition 0 offset 2"),
            tuple("bids", "topic '" + topic + "' partition 0 offset 3"));
    assertThat(letters.get(0).error()).startsWith(arity);
    assertThat(letters.get(0).raw()).isEqualTo(malformed);
    assertThat(letters.get(1).error()).contains("tombstone");
    assertThat(letters.get(1).raw()).isNull();
    assertThat(letters.get(2).error()).startsWith(arity);
    assertThat(letters.get(2).raw()).isEqualTo(hugeMalformed);
  }

  @Test
  void groupOffsetsAreCommittedOnlyWhenABatchIsCommitted() throws Exception {
    String topic = topic(2);
    kafka.send(topic, 0, json(1, "a"));
    kafka.send(topic, 1, json(2, "b"));
    kafka.send(topic, 1, json(3, "c"));
    KafkaSource source = source(topic, "json");
    KafkaOffset start = source.initialOffset();
    KafkaOffset end = source.latestOffset(start);
    source.read(start, end);
    assertThat(kafka.groupOffsets("sluice-q1", topic)).isEmpty();

    // mirrored in the background: the committed batch does not wait for the broker's answer
    source.batchCommitted("q1", end);
    assertThat(awaitGroupOffsets("sluice-q1", topic, 2))
        .containsExactly(Map.entry(0, 1L), Map.entry(1, 2L));

    KafkaSource named = source(topic, "json", "properties.group.id", "lag-watch");
    named.batchCommitted("q1", end);
    assertThat(awaitGroupOffsets("lag-watch", topic, 2))
        .containsExactly(Map.entry(0, 1L), Map.entry(1, 2L));
  }

  @Test
  void positionsCommittedWhileAGroupCommitIsUnderWayAreMirroredNewestLast() throws Exception {
    String topic = topic(1);
    KafkaSource source = source(topic, "json");
    KafkaOffset start = source.initialOffset();
    KafkaOffset end = start;
    for (int n = 1; n <= 20; n++) {
      kafka.send(topic, 0, json(n, "r" + n));
      end = source.latestOffset(end);
      source.read(start, end);
      start = end;
      source.batchCommitted("q2", end);
    }
    long deadline = System.currentTimeMillis() + 30_000;
    Map<Integer, Long> offsets = kafka.groupOffsets("sluice-q2", topic);
    while (!offsets.equals(Map.of(0, 20L)) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      offsets = kafka.groupOffsets("sluice-q2", topic);
    }
    assertThat(offsets).containsExactly(Map.entry(0, 20L));
  }

  /** The group's committed offsets of {@code topic} once they cover {@code partitions}. */
  private static Map<Integer, Long> awaitGroupOffsets(String group, String topic, int partitions)
      throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    Map<Integer, Long> offsets = kafka.groupOffsets(group, topic);
    while (offsets.size() < partitions && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      offsets = kafka.groupOffsets(group, topic);
    }
    return offsets;
  }

  /** Columns of the Avro test: the derived schema has a long, a string, a timestamp, a decimal. */
  private static final List<Column> AVRO_COLUMNS =
      List.of(
          Column.of("id", ColumnType.BIGINT),
          Column.of("name", ColumnType.VARCHAR),
          Column.of("ts", ColumnType.TIMESTAMP),
          new Column("price", ColumnType.DECIMAL, 10, 2, true));

  /** One value as a producer would write it: a binary record of the derived schema. */
  private static byte[] avro(Long id, String name, Long ts, String price) throws Exception {
    Schema schema = AvroSchemas.of(AVRO_COLUMNS);
    GenericRecord record = new GenericData.Record(schema);
    record.put("id", id);
    record.put("name", name);
    record.put("ts", ts);
    record.put(
        "price",
        price == null
            ? null
            : ByteBuffer.wrap(new BigDecimal(price).unscaledValue().toByteArray()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }

  @Test
  void avroValuesAreDecodedWithTheSchemaOfTheColumnsAndBadOnesDeadLettered() throws Exception {
    String topic = topic(1);
    byte[] good = avro(1L, "one", 1_767_225_601_000L, "12.50");
    kafka.send(topic, 0, null, good);
    kafka.send(topic, 0, null, new byte[] {2, 6, 'a'});
    kafka.send(topic, 0, null, avro(2L, null, null, null));
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    kafka.send(topic, 0, null, trailing);
    List<DeadLetter> letters = new ArrayList<>();
    Map<String, String> options =
        Map.of(
            "connector",
            "kafka",
            "topic",
            topic,
            "bootstrap.servers",
            kafka.bootstrapServers(),
            "format",
            "avro",
            "on-error",
            "dead-letter");
    KafkaSource source =
        new KafkaSource(
            new SourceContext("bids", AVRO_COLUMNS, options, Path.of("."), metrics, letters::add));
    opened.add(source);
    KafkaOffset start = source.initialOffset();

    Batch batch = source.read(start, source.latestOffset(start));

    assertThat(rows(batch))
        .containsExactly("[1, one, 1767225601000, 12.50]", "[2, null, null, null]");
    assertThat(metrics.badRecords()).isEqualTo(2);
    assertThat(letters)
        .extracting(DeadLetter::sourcePosition)
        .containsExactly(
            "topic '" + topic + "' partition 0 offset 1",
            "topic '" + topic + "' partition 0 offset 3");
    assertThat(letters)
        .allSatisfy(letter -> assertThat(letter.error()).startsWith("Malformed Avro"));
    assertThat(letters.get(0).raw()).isEqualTo("base64:AgZh");
    assertThatThrownBy(
            () ->
                new KafkaSource(
                    new SourceContext(
                        "bids",
                        AVRO_COLUMNS,
                        Map.of(
                            "topic",
                            topic,
                            "bootstrap.servers",
                            "127.0.0.1:1",
                            "format",
                            "protobuf"),
                        Path.of("."),
                        metrics)))
        .hasMessage(
            "Unknown format 'protobuf' for 'bids'; supported formats: avro, csv, json, parquet");
  }

  @Test
  void creatingASourceNeedsNoBroker() {
    Map<String, String> options =
        Map.of(
            "connector",
            "kafka",
            "topic",
            "t",
            "bootstrap.servers",
            "127.0.0.1:1",
            "format",
            "csv");
    new KafkaSource(new SourceContext("bids", ID_NAME, options, Path.of("."), metrics)).close();
    assertThatThrownBy(
            () ->
                new KafkaSource(
                    new SourceContext(
                        "bids",
                        ID_NAME,
                        Map.of("connector", "kafka", "topic", "t", "format", "csv"),
                        Path.of("."),
                        metrics)))
        .hasMessage("Missing required option 'bootstrap.servers' in WITH clause of 'bids'");
  }
}
