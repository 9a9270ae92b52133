package io.sluice.connector.kafka;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.connector.BadRecordHandler;
import io.sluice.spi.connector.Connectors;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.SourceOptions;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.error.TransientException;
import io.sluice.spi.format.BinaryRowDecoder;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the records of a Kafka topic ({@code 'connector' = 'kafka'}), one row per record value
 * decoded in the {@code format} given: {@code json} or {@code csv} as UTF-8 text, or {@code avro}
 * as a binary Avro record of the schema derived from the columns ({@link AvroValueDecoder}); keys
 * and headers are not read.
 *
 * <p>The offset is the next position per partition, so a batch is an exact range of each partition
 * and replaying it re-reads the same records: reads use {@code assign} and {@code seek}, never a
 * group subscription. Each reader's consumer stays assigned between batches and reads on from where
 * the last batch ended, keeping records fetched past it for the next one ({@link PartitionReader});
 * only a batch that starts elsewhere (a replay) seeks. {@code scan.startup.mode} picks where a
 * query's first batch starts ({@code earliest}, the default; {@code latest}; or {@code timestamp}
 * with {@code scan.startup.timestamp-millis}); partitions that appear later are read from their
 * earliest record. {@code max-offsets-per-trigger} bounds a batch, split fairly across the
 * partitions with a backlog. Records are read {@code read_committed} unless {@code
 * properties.isolation.level} says otherwise, so aborted transactions never show.
 *
 * <p>Kafka's consumer-group offsets are only a mirror for lag tools: once a persistent query
 * committed a batch, its end positions are committed to group {@code properties.group.id} (default
 * {@code sluice-<query>}). Sluice itself resumes from its own checkpoint.
 *
 * <p>A record that cannot be decoded (malformed text, not UTF-8, a tombstone with no value) is a
 * bad record, named by topic, partition and offset, and handled as {@code on-error} says: skipped
 * and counted, also kept in {@code sys.dead_letters} (its value as text; NULL for a tombstone), or
 * failing the query.
 *
 * <p>Read as an upsert topic ({@code 'connector' = 'upsert-kafka'}), a record with a value is the
 * latest row of its key (+U) and a tombstone deletes its key's row (-D): the key, in the same
 * format, is decoded into the columns it names (a JSON key by field name), the others NULL.
 */
public final class KafkaSource implements StreamSource {
  public static final String FORMAT_OPTION = "format";
  public static final String AVRO_FORMAT = "avro";
  public static final String STARTUP_MODE_OPTION = "scan.startup.mode";
  public static final String STARTUP_TIMESTAMP_OPTION = "scan.startup.timestamp-millis";
  public static final String MAX_OFFSETS_PER_TRIGGER_OPTION = "max-offsets-per-trigger";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);

  /** How long each of several split consumers waits in turn for a continuous query's records. */
  private static final long SHARED_AWAIT_MILLIS = 2;

  private static final long CALL_TIMEOUT_MILLIS = 60_000;
  private static final long GROUP_COMMIT_TIMEOUT_MILLIS = 10_000;
  // a continuous query commits an epoch every few ms; tools need no more than Kafka Streams'
  // exactly-once commits give them (every 100 ms), and each call costs the broker a write
  private static final long GROUP_COMMIT_INTERVAL_MILLIS = 100;
  // how long a closing source lets the mirror send the positions still queued
  private static final long GROUP_COMMIT_CLOSE_WAIT_MILLIS = 2_000;
  // a continuous query reads what its consumers fetched; this often it lists the partitions anew
  private static final long PARTITION_REFRESH_MILLIS = 1_000;
  // the rows a read makes room for when a partition's start is not known yet
  private static final int UNKNOWN_SPAN_ROWS = 1024;
  // the most rows a read makes room for before it sees how many records come: a batch of up to
  // this many offsets gets its vectors at once, not by doubling (each doubling copies, and
  // vectors of more than half a G1 region are humongous allocations)
  private static final int MAX_INITIAL_ROWS = 1 << 17;

  private final String relationName;
  private final KafkaClientOptions client;
  private final List<ColumnType> types;

  /** Decodes values as text (json, csv); null for avro. */
  private final RowDecoder textDecoder;

  /** For an upsert topic: decodes a tombstone's key (JSON naming its columns); else null. */
  private final RowDecoder keyDecoder;

  /** Decodes values of binary formats (avro); null for the text formats. */
  private final BinaryRowDecoder binaryDecoder;

  private final KafkaStartupMode startupMode;
  private final long startupTimestamp;
  private final long maxOffsetsPerTrigger;
  private final BadRecordHandler badRecords;
  private final boolean upsert;
  private final SourceMetrics metrics;
  private final IsolationLevel isolation;
  // clients open on first use: creating a source (e.g. to validate CREATE STREAM) stays offline
  private Admin admin;

  /** Reads whole batches (a query at parallelism 1); guarded by {@link #splitReaders}. */
  private PartitionReader reader;

  /** The readers of a parallel query's splits, by split; also the lock of the readers' set. */
  private final Map<Integer, PartitionReader> splitReaders = new HashMap<>();

  private boolean closed;

  private KafkaOffset initialOffset;
  // the partitions the last latestOffset found, and when (guarded by this)
  private Set<Integer> knownPartitions;
  private long partitionsListedAt;
  // the positions mirrored into the consumer group: one call under way, the newest waiting
  private final Object groupCommits = new Object();
  private KafkaOffset lastGroupCommit;
  private boolean groupCommitUnderWay;
  private KafkaOffset queuedGroupCommit;
  private String queuedGroupQuery;
  private volatile boolean adminClosed;

  /**
   * Validates the options without contacting Kafka.
   *
   * @throws IllegalArgumentException for a missing or invalid option
   */
  public KafkaSource(SourceContext context) {
    this(context, false);
  }

  /**
   * @param upsert read records as the latest row of their key, tombstones as deletions
   * @throws IllegalArgumentException for a missing or invalid option
   */
  public KafkaSource(SourceContext context, boolean upsert) {
    requireNonNull(context, "context is null");
    this.upsert = upsert;
    this.relationName = context.relationName();
    this.client = new KafkaClientOptions(context);
    this.types = context.columns().stream().map(Column::type).toList();
    KafkaFormats formats = KafkaFormats.of(context, null);
    FormatContext formatContext =
        new FormatContext(relationName, context.columns(), formats.valueOptions());
    // a value is a text record (UTF-8) or a binary one, whichever the format decodes
    Object decoder =
        Connectors.codec(
            relationName,
            formats.valueOptions(),
            "decode Kafka records",
            f ->
                f.textDecoder(formatContext)
                    .<Object>map(text -> text)
                    .or(() -> f.binaryDecoder(formatContext)));
    this.textDecoder = decoder instanceof RowDecoder text ? text : null;
    this.keyDecoder = upsert ? keyDecoder(context, formats) : null;
    this.binaryDecoder = decoder instanceof BinaryRowDecoder binary ? binary : null;
    this.startupMode = KafkaStartupMode.fromOption(context.option(STARTUP_MODE_OPTION, "earliest"));
    if (startupMode == KafkaStartupMode.TIMESTAMP) {
      this.startupTimestamp =
          SourceOptions.positiveLong(context, STARTUP_TIMESTAMP_OPTION)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Option '"
                              + STARTUP_MODE_OPTION
                              + "' = 'timestamp' needs option '"
                              + STARTUP_TIMESTAMP_OPTION
                              + "' in WITH clause of '"
                              + relationName
                              + "'"));
    } else {
      this.startupTimestamp = -1;
    }
    this.maxOffsetsPerTrigger =
        SourceOptions.positiveLong(context, MAX_OFFSETS_PER_TRIGGER_OPTION, Long.MAX_VALUE);
    this.badRecords = new BadRecordHandler(context, LOG);
    this.metrics = context.metrics();
    String isolationLevel = client.property(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
    try {
      this.isolation =
          isolationLevel == null
              ? IsolationLevel.READ_COMMITTED
              : IsolationLevel.valueOf(isolationLevel.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SourceOptions.invalid(
          context,
          KafkaClientOptions.PROPERTIES_PREFIX + ConsumerConfig.ISOLATION_LEVEL_CONFIG,
          isolationLevel,
          "read_committed or read_uncommitted");
    }
  }

  /** Where the query's first batch starts; fixed at the first call, like the query's start. */
  @Override
  public synchronized KafkaOffset initialOffset() {
    if (initialOffset == null) {
      switch (startupMode) {
        case EARLIEST:
          initialOffset = KafkaOffset.EMPTY;
          break;
        case LATEST:
          initialOffset = new KafkaOffset(listOffsets(partitions(), OffsetSpec.latest()));
          break;
        default:
          initialOffset = new KafkaOffset(timestampOffsets());
          break;
      }
    }
    return initialOffset;
  }

  @Override
  public synchronized KafkaOffset latestOffset(SourceOffset start) {
    KafkaOffset from = cast(start);
    Set<Integer> partitions = partitions();
    Map<Integer, Long> ends = listOffsets(partitions, OffsetSpec.latest());
    knownPartitions = partitions;
    partitionsListedAt = System.currentTimeMillis();
    Set<Integer> unread = new TreeSet<>(partitions);
    unread.removeAll(from.positions().keySet());
    Map<Integer, Long> earliest = listOffsets(unread, OffsetSpec.earliest());
    return advance(from, partitions, ends, earliest);
  }

  /**
   * What the readers' consumers have already fetched past {@code start}, found without a call to
   * the broker: a partition's end is its consumer's position when its buffer holds the records from
   * {@code start} on ({@link PartitionReader#fetchedEnd}). A continuous query asks this between its
   * small batches and waits in {@link #awaitData}, where the consumers fetch. It asks the broker
   * ({@link #latestOffset}) instead while a partition has no position or no reader continuing from
   * it, and every {@link #PARTITION_REFRESH_MILLIS}, so new partitions are found.
   */
  @Override
  public synchronized KafkaOffset arrivedOffset(SourceOffset start) {
    KafkaOffset from = cast(start);
    Set<Integer> partitions = knownPartitions;
    if (partitions == null
        || System.currentTimeMillis() - partitionsListedAt >= PARTITION_REFRESH_MILLIS) {
      return latestOffset(start);
    }
    Map<Integer, Long> ends = new TreeMap<>();
    for (int partition : partitions) {
      Long position = from.positions().get(partition);
      long fetched = position == null ? -1 : fetchedEnd(partition, position);
      if (fetched < 0) {
        return latestOffset(start);
      }
      ends.put(partition, fetched);
    }
    return advance(from, partitions, ends, Map.of());
  }

  /** The end a reader's consumer fetched {@code partition} up to from {@code position}, or -1. */
  private long fetchedEnd(int partition, long position) {
    for (PartitionReader each : readers()) {
      long end = each.fetchedEnd(partition, position);
      if (end >= 0) {
        return end;
      }
    }
    return -1;
  }

  /**
   * The offset after {@code from} with each partition's backlog up to {@code ends} taken, at most
   * {@code max-offsets-per-trigger} of it; a partition without a position starts at its {@code
   * earliest} offset.
   */
  private KafkaOffset advance(
      KafkaOffset from,
      Set<Integer> partitions,
      Map<Integer, Long> ends,
      Map<Integer, Long> earliest) {
    Map<Integer, Long> backlog = new TreeMap<>();
    for (int partition : partitions) {
      long position = from.position(partition, earliest.getOrDefault(partition, 0L));
      backlog.put(partition, Math.max(0, ends.get(partition) - position));
    }
    Map<Integer, Long> taken =
        maxOffsetsPerTrigger == Long.MAX_VALUE
            ? backlog
            : FairShare.split(backlog, maxOffsetsPerTrigger);
    Map<Integer, Long> next = new TreeMap<>(from.positions());
    boolean advanced = false;
    for (Map.Entry<Integer, Long> take : taken.entrySet()) {
      if (take.getValue() > 0) {
        int partition = take.getKey();
        next.put(
            partition,
            from.position(partition, earliest.getOrDefault(partition, 0L)) + take.getValue());
        advanced = true;
      }
    }
    return advanced ? new KafkaOffset(next) : from;
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end) {
    return read(start, end, partition -> true, reader());
  }

  /** Partitions are split round-robin by number; each split reads with a consumer of its own. */
  @Override
  public boolean isSplittable() {
    return true;
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end, int split, int splits) {
    PartitionReader reader;
    synchronized (splitReaders) {
      if (closed) {
        throw new IllegalStateException("Kafka source '" + relationName + "' is closed");
      }
      reader =
          splitReaders.computeIfAbsent(
              split, unused -> new PartitionReader(relationName, client.topic(), newConsumer()));
    }
    return read(start, end, partition -> Math.floorMod(partition, splits) == split, reader);
  }

  /** The readers made so far (none once closed). */
  private List<PartitionReader> readers() {
    List<PartitionReader> readers = new ArrayList<>();
    synchronized (splitReaders) {
      if (!closed) {
        if (reader != null) {
          readers.add(reader);
        }
        readers.addAll(splitReaders.values());
      }
    }
    return readers;
  }

  /**
   * Once a reader has been assigned partitions, {@link #awaitData} returns as soon as its consumer
   * fetches a record, so the default trigger waits there while idle instead of sleeping its
   * idle-poll interval; before the first batch there is nothing to wait on.
   */
  @Override
  public boolean signalsData() {
    for (PartitionReader each : readers()) {
      if (each.isAssigned()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns once records past {@code offset} are fetched, or after at most {@code maxWaitMillis}:
   * the consumers that read the batches poll for them (the broker answers a fetch as soon as a
   * record arrives), so a continuous query reads a record without polling the end offsets in a
   * loop. Before the first batch (no consumer is assigned yet) it waits a short poll interval.
   */
  @Override
  public void awaitData(SourceOffset offset, long maxWaitMillis) throws InterruptedException {
    Map<Integer, Long> positions = cast(offset).positions();
    List<PartitionReader> readers = readers();
    // a reader that was never assigned a partition has nothing to wait on
    readers.removeIf(each -> !each.isAssigned());
    if (readers.isEmpty()) {
      StreamSource.super.awaitData(offset, maxWaitMillis);
      return;
    }
    long deadline = System.currentTimeMillis() + maxWaitMillis;
    // one reader waits the whole time; several take turns in short waits
    long slice = readers.size() == 1 ? maxWaitMillis : SHARED_AWAIT_MILLIS;
    do {
      for (PartitionReader each : readers) {
        long left = deadline - System.currentTimeMillis();
        if (each.awaitRecords(positions, Math.max(0, Math.min(slice, left)))) {
          return;
        }
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    } while (System.currentTimeMillis() < deadline);
  }

  private Batch read(
      SourceOffset start,
      SourceOffset end,
      java.util.function.IntPredicate partitions,
      PartitionReader reader) {
    KafkaOffset from = cast(start);
    KafkaOffset to = cast(end);
    Map<Integer, Long> ends = new TreeMap<>();
    for (Map.Entry<Integer, Long> position : to.positions().entrySet()) {
      if (partitions.test(position.getKey())) {
        ends.put(position.getKey(), position.getValue());
      }
    }
    BatchBuilder out = new BatchBuilder(types, expectedRows(from, ends));
    ByteArrayOutputStream kinds = upsert ? new ByteArrayOutputStream() : null;
    try {
      if (!ends.isEmpty()) {
        // partition by partition, in offset order: a replayed batch's rows come out identically
        reader.read(
            from.positions(), ends, CALL_TIMEOUT_MILLIS, record -> decode(record, out, kinds));
      }
    } catch (KafkaException e) {
      throw failure("read", e);
    } finally {
      badRecords.endRead();
    }
    // a span that held few records is fitted by the build, not carried with the batch
    Batch batch = out.build();
    if (upsert) {
      batch = new Batch(batch.columns(), batch.rowCount(), kinds.toByteArray());
    }
    metrics.recordRowsRead(batch.rowCount());
    return batch;
  }

  /**
   * Room for the rows of a read: one per offset it spans, so a continuous query's reads of a few
   * records allocate a few rows, and a batch of many its whole size at once (the builder grows past
   * its first room when a span is unknown or larger than {@link #MAX_INITIAL_ROWS}).
   */
  private static int expectedRows(KafkaOffset from, Map<Integer, Long> ends) {
    long rows = 0;
    boolean unknown = false;
    for (Map.Entry<Integer, Long> end : ends.entrySet()) {
      Long start = from.positions().get(end.getKey());
      if (start == null) {
        unknown = true;
      } else {
        rows += Math.max(0, end.getValue() - start);
      }
    }
    // partitions read from their earliest record (a first batch) share one guess, not one each
    if (unknown) {
      rows += UNKNOWN_SPAN_ROWS;
    }
    return (int) Math.max(1, Math.min(rows, MAX_INITIAL_ROWS));
  }

  /** One record into a row of {@code out}, or to the bad-record policy. */
  private void decode(
      ConsumerRecord<ByteBuffer, ByteBuffer> record,
      BatchBuilder out,
      ByteArrayOutputStream kinds) {
    try {
      if (upsert && record.value() == null) {
        decodeKey(record, out);
        kinds.write(RowKind.DELETE.toByte());
      } else {
        decodeValue(record, out);
        if (upsert) {
          kinds.write(RowKind.UPDATE_AFTER.toByte());
        }
      }
      out.endRow();
    } catch (BadRecordException e) {
      out.discardRow();
      badRecords.onBadRecord(
          "topic '"
              + record.topic()
              + "' partition "
              + record.partition()
              + " offset "
              + record.offset(),
          rawText(record),
          e);
    }
  }

  /**
   * The decoder of an upsert topic's keys: JSON objects, whose field names say which columns a
   * tombstone's key fills (the stream's PRIMARY KEY, as the upsert-kafka sink writes it).
   */
  private static RowDecoder keyDecoder(SourceContext context, KafkaFormats formats) {
    String format = formats.keyOptions().get(Connectors.FORMAT_OPTION);
    if (!format.equalsIgnoreCase("json")) {
      throw new IllegalArgumentException(
          "Stream '"
              + context.relationName()
              + "' reads keys in format '"
              + format
              + "', which cannot say which columns a deletion's key fills; use '"
              + KafkaFormats.KEY_FORMAT_OPTION
              + "' = 'json'");
    }
    return Connectors.codec(
        context.relationName(),
        formats.keyOptions(),
        "decode Kafka record keys",
        f ->
            f.textDecoder(
                new FormatContext(
                    context.relationName(), context.columns(), formats.keyOptions())));
  }

  /** A tombstone's key, into the columns it names; the row's other columns stay NULL. */
  private void decodeKey(ConsumerRecord<ByteBuffer, ByteBuffer> record, BatchBuilder out)
      throws BadRecordException {
    if (record.key() == null) {
      throw new BadRecordException("tombstone without a key: no row to delete");
    }
    // bytes that are not UTF-8 make it a bad record, as for values
    decodeText(keyDecoder, record.key(), out);
  }

  private void decodeValue(ConsumerRecord<ByteBuffer, ByteBuffer> record, BatchBuilder out)
      throws BadRecordException {
    if (record.value() == null) {
      throw new BadRecordException("tombstone: the record has no value");
    }
    if (binaryDecoder != null) {
      binaryDecoder.decode(copy(record.value()), out);
      return;
    }
    // from the bytes: no text per record (bad UTF-8 is a bad record, as the decoder finds it)
    decodeText(textDecoder, record.value(), out);
  }

  /** Decodes text where it lies in the fetched response (copied only off a heap array). */
  private static void decodeText(RowDecoder decoder, ByteBuffer bytes, BatchBuilder out)
      throws BadRecordException {
    if (bytes.hasArray()) {
      decoder.decode(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(), out);
    } else {
      byte[] copy = copy(bytes);
      decoder.decode(copy, 0, copy.length, out);
    }
  }

  /** A record's key or value bytes, leaving the consumer's view as it was. */
  private static byte[] copy(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return copy;
  }

  /**
   * A bad record's value for its dead letter: text with bad UTF-8 replaced, or for Avro its bytes
   * as {@code base64:...}; null for a tombstone.
   */
  private String rawText(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
    if (record.value() == null) {
      return null;
    }
    return binaryDecoder != null
        ? "base64:" + Base64.getEncoder().encodeToString(copy(record.value()))
        : StandardCharsets.UTF_8.decode(record.value().duplicate()).toString();
  }

  @Override
  public KafkaOffset parseOffset(String json) {
    return KafkaOffset.fromJson(json);
  }

  /**
   * Mirrors the committed batch's end positions into the consumer group, for lag tools. Best effort
   * and in the background: Sluice resumes from its checkpoint, so a failure here only delays what
   * tools see, and a continuous query's next epoch must not wait for the broker's answer. One call
   * at a time, at most one per {@value #GROUP_COMMIT_INTERVAL_MILLIS} ms; positions that come
   * meanwhile replace each other, and the newest follows.
   */
  @Override
  public void batchCommitted(String queryId, SourceOffset end) {
    KafkaOffset to = cast(end);
    synchronized (groupCommits) {
      if (to.positions().isEmpty() || to.equals(lastGroupCommit) || adminClosed) {
        return;
      }
      if (groupCommitUnderWay) {
        queuedGroupCommit = to;
        queuedGroupQuery = queryId;
        return;
      }
      groupCommitUnderWay = true;
      lastGroupCommit = to;
    }
    Admin groups;
    try {
      synchronized (this) {
        if (adminClosed) {
          throw new IllegalStateException("Kafka source '" + relationName + "' is closed");
        }
        groups = admin();
      }
    } catch (KafkaException | IllegalStateException e) {
      groupCommitFailed(groupId(queryId), e);
      return;
    }
    commitGroupOffsets(groups, queryId, to);
  }

  /**
   * Sends the positions; when the broker answers, sends the newest that came meanwhile. The answer
   * comes on the Admin client's own thread, which must never wait for the source's lock (a read
   * holding it may be waiting for that very thread).
   */
  private void commitGroupOffsets(Admin groups, String queryId, KafkaOffset to) {
    String group = groupId(queryId);
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    to.positions()
        .forEach(
            (partition, position) ->
                offsets.put(
                    new TopicPartition(client.topic(), partition),
                    new OffsetAndMetadata(position)));
    KafkaFuture<Void> done;
    try {
      done =
          groups
              .alterConsumerGroupOffsets(
                  group,
                  offsets,
                  new AlterConsumerGroupOffsetsOptions()
                      .timeoutMs((int) GROUP_COMMIT_TIMEOUT_MILLIS))
              .all();
    } catch (KafkaException | IllegalStateException e) {
      groupCommitFailed(group, e);
      return;
    }
    var unused =
        done.whenComplete(
            (ignored, error) -> {
              if (error != null) {
                groupCommitFailed(group, error);
                return;
              }
              CompletableFuture.delayedExecutor(GROUP_COMMIT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)
                  .execute(() -> commitQueuedGroupOffsets(groups));
            });
  }

  /** Sends the newest positions that came while the last call was under way, if any. */
  private void commitQueuedGroupOffsets(Admin groups) {
    KafkaOffset next;
    String nextQuery;
    synchronized (groupCommits) {
      next = queuedGroupCommit;
      nextQuery = queuedGroupQuery;
      queuedGroupCommit = null;
      if (next == null || next.equals(lastGroupCommit) || adminClosed) {
        groupCommitUnderWay = false;
        groupCommits.notifyAll();
        return;
      }
      lastGroupCommit = next;
    }
    commitGroupOffsets(groups, nextQuery, next);
  }

  private void groupCommitFailed(String group, Throwable error) {
    synchronized (groupCommits) {
      groupCommitUnderWay = false;
      groupCommits.notifyAll();
      // not recorded as committed: the next batch's positions are sent again, never older ones
      lastGroupCommit = null;
      queuedGroupCommit = null;
    }
    if (!adminClosed) {
      LOG.warn(
          "Could not commit the offsets of '{}' to consumer group '{}': {}",
          relationName,
          group,
          error);
    }
  }

  /** Consumer group the committed positions of {@code queryId} go to. */
  public String groupId(String queryId) {
    String configured = client.property(ConsumerConfig.GROUP_ID_CONFIG);
    return configured != null ? configured : "sluice-" + queryId;
  }

  @Override
  public synchronized void close() {
    List<PartitionReader> readers = new ArrayList<>();
    synchronized (splitReaders) {
      closed = true;
      readers.addAll(splitReaders.values());
      splitReaders.clear();
      if (reader != null) {
        readers.add(reader);
        reader = null;
      }
    }
    // each waits for a read or an await in progress on it (at most one poll) before closing
    readers.forEach(PartitionReader::close);
    awaitGroupMirror();
    adminClosed = true;
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }

  /**
   * Lets the mirror send what is queued (the last batches' positions, which came while it waited
   * between calls), briefly: a stopped query's group then shows where the query stopped.
   */
  private void awaitGroupMirror() {
    long deadline = System.currentTimeMillis() + GROUP_COMMIT_CLOSE_WAIT_MILLIS;
    synchronized (groupCommits) {
      long left;
      while (groupCommitUnderWay && (left = deadline - System.currentTimeMillis()) > 0) {
        try {
          groupCommits.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private Set<Integer> partitions() {
    try {
      TopicDescription topic =
          admin()
              .describeTopics(List.of(client.topic()))
              .allTopicNames()
              .get(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
              .get(client.topic());
      Set<Integer> partitions = new TreeSet<>();
      for (TopicPartitionInfo info : topic.partitions()) {
        partitions.add(info.partition());
      }
      return partitions;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new SourceReadException(
            "Topic '" + client.topic() + "' of '" + relationName + "' does not exist",
            e.getCause());
      }
      throw failure("list the partitions of", e.getCause());
    } catch (TimeoutException | KafkaException e) {
      throw failure("list the partitions of", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("list the partitions of", e);
    }
  }

  private Map<Integer, Long> listOffsets(Set<Integer> partitions, OffsetSpec spec) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int partition : partitions) {
      request.put(new TopicPartition(client.topic(), partition), spec);
    }
    try {
      Map<TopicPartition, ListOffsetsResultInfo> result =
          admin()
              .listOffsets(request, new ListOffsetsOptions(isolation))
              .all()
              .get(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      Map<Integer, Long> offsets = new TreeMap<>();
      result.forEach((tp, info) -> offsets.put(tp.partition(), info.offset()));
      return offsets;
    } catch (ExecutionException e) {
      throw failure("list the offsets of", e.getCause());
    } catch (TimeoutException | KafkaException e) {
      throw failure("list the offsets of", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("list the offsets of", e);
    }
  }

  /** First offset at or after the startup timestamp per partition; the end where there is none. */
  private Map<Integer, Long> timestampOffsets() {
    Set<Integer> partitions = partitions();
    Map<Integer, Long> atTime = listOffsets(partitions, OffsetSpec.forTimestamp(startupTimestamp));
    Map<Integer, Long> ends = listOffsets(partitions, OffsetSpec.latest());
    Map<Integer, Long> offsets = new TreeMap<>();
    for (int partition : partitions) {
      long offset = atTime.getOrDefault(partition, -1L);
      offsets.put(partition, offset < 0 ? ends.get(partition) : offset);
    }
    return offsets;
  }

  private RuntimeException failure(String action, Throwable cause) {
    String message = "Cannot " + action + " topic '" + client.topic() + "' of '" + relationName;
    // a broker out of reach may come back: the query retries instead of failing for good
    return KafkaFailures.isPassing(cause)
        ? new TransientException(
            message
                + "': no answer from Kafka at "
                + client.property(KafkaClientOptions.BOOTSTRAP_SERVERS_OPTION)
                + " ("
                + KafkaFailures.describe(cause)
                + ")",
            cause)
        : new SourceReadException(message + "': " + cause, cause);
  }

  private Admin admin() {
    if (admin == null) {
      Map<String, Object> config = client.clientConfig(Map.of(), Map.of());
      // the Admin client warns about every consumer-only setting it is handed
      config.keySet().retainAll(AdminClientConfig.configNames());
      admin = Admin.create(config);
    }
    return admin;
  }

  private PartitionReader reader() {
    synchronized (splitReaders) {
      if (closed) {
        throw new IllegalStateException("Kafka source '" + relationName + "' is closed");
      }
      if (reader == null) {
        reader = new PartitionReader(relationName, client.topic(), newConsumer());
      }
      return reader;
    }
  }

  private KafkaConsumer<ByteBuffer, ByteBuffer> newConsumer() {
    Map<String, Object> config =
        client.clientConfig(
            // a batch reads up to its end offsets at once: fetch in large pieces (the client's
            // defaults, 500 records and 1 MiB per partition, take a round trip per sliver)
            Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                20_000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                8 << 20,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                64 << 20),
            Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                // the same level the end offsets were listed with, in the form the client accepts
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.toString().toLowerCase(Locale.ROOT),
                // seekToBeginning, and a position lost to retention, resume at the earliest
                // record
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
    // no group: positions come from Sluice's checkpoint; the group only mirrors them
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    // views into the fetched responses: each record is decoded where it arrived, not copied first
    return new KafkaConsumer<>(config, new ByteBufferDeserializer(), new ByteBufferDeserializer());
  }

  private static KafkaOffset cast(SourceOffset offset) {
    requireNonNull(offset, "offset is null");
    if (!(offset instanceof KafkaOffset)) {
      throw new IllegalArgumentException("Not a Kafka offset: " + offset.getClass().getName());
    }
    return (KafkaOffset) offset;
  }
}
