package io.sluice.connector.kafka;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.connector.Connectors;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.error.TransientException;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.format.RowEncoder;
import io.sluice.spi.type.Column;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a persistent query's result into a Kafka topic ({@code 'connector' = 'kafka'}), one record
 * per row, exactly once for {@code read_committed} readers.
 *
 * <p>Each batch with rows is one Kafka transaction of a producer whose {@code transactional.id} is
 * stable per sink ({@code sluice-sink-<sink name>} unless {@code properties.transactional.id} is
 * given), so a restarted server fences its previous incarnation and aborts the transaction it left
 * open. The batch id is committed inside the same transaction (see {@link SinkBatchLedger}): after
 * a crash between Kafka's commit and the checkpoint's, the replayed batch is recognised as
 * committed and neither written nor committed again.
 *
 * <p>As an upsert sink ({@code 'connector' = 'upsert-kafka'}) a row's key holds the columns of the
 * query's upsert key: +I and +U write the row under its key, -D writes a tombstone (the key, no
 * value), and -U is skipped (the +U of its key that follows replaces the row for a compacting
 * reader).
 *
 * <p>Values are JSON objects or CSV lines ({@code value.format} or {@code format}, default json) of
 * all columns; the key holds the columns {@code key.fields} names (comma-separated) in {@code
 * key.format} (default: the value's), or is null (see {@link KafkaFormats}). {@code properties.*}
 * go to the producer; idempotence, {@code acks=all} and the serialisers are fixed.
 */
public final class KafkaSink implements StreamSink {
  public static final String FORMAT_OPTION = "format";
  public static final String KEY_FIELDS_OPTION = "key.fields";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
  private static final long CALL_TIMEOUT_MILLIS = 60_000;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final String sinkName;
  private final KafkaClientOptions client;
  private final String transactionalId;
  private final RowEncoder valueEncoder;
  private final RowEncoder keyEncoder;
  private final boolean upsert;
  private final SinkBatchLedger ledger;
  // opened on first use, so creating a sink (e.g. to validate it) stays offline
  private KafkaProducer<byte[], byte[]> producer;
  private long lastCommitted = -1;
  private long openBatch = -1;

  /**
   * Validates the options without contacting Kafka.
   *
   * @param sinkName the sink's name, from which the transactional id is derived
   * @throws IllegalArgumentException for a missing or invalid option
   */
  public KafkaSink(SourceContext context, String sinkName) {
    this(context, sinkName, null);
  }

  /**
   * An upsert sink when {@code upsertKey} (positions of the key columns) is given: keys hold those
   * columns, deletions are tombstones.
   *
   * @throws IllegalArgumentException for a missing or invalid option
   */
  public KafkaSink(SourceContext context, String sinkName, int[] upsertKey) {
    requireNonNull(context, "context is null");
    this.upsert = upsertKey != null;
    this.sinkName = requireNonNull(sinkName, "sinkName is null");
    this.client = new KafkaClientOptions(context);
    List<Column> columns = context.columns();
    int[] all = new int[columns.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    KafkaFormats formats = KafkaFormats.of(context, "json");
    this.valueEncoder = encoder(context, formats.valueOptions(), all);
    String keyFields = context.options().get(KEY_FIELDS_OPTION);
    this.keyEncoder =
        upsertKey != null
            ? encoder(context, formats.keyOptions(), upsertKey.clone())
            : keyFields == null
                ? null
                : encoder(context, formats.keyOptions(), keyIndexes(keyFields, columns));
    String configured = client.property(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    this.transactionalId = configured != null ? configured : "sluice-sink-" + sinkName;
    this.ledger = new SinkBatchLedger(transactionalId, client.topic());
  }

  /** Values or keys in the format {@code options} name (see {@link KafkaFormats}). */
  private static RowEncoder encoder(
      SourceContext context, Map<String, String> options, int[] columns) {
    return Connectors.codec(
        context.relationName(),
        options,
        "encode Kafka records",
        f ->
            f.rowEncoder(
                new FormatContext(context.relationName(), context.columns(), options), columns));
  }

  /** The producer's transactional id, also the name of the group that records committed batches. */
  public String transactionalId() {
    return transactionalId;
  }

  @Override
  public synchronized void write(long batchId, Batch rows) {
    open();
    if (batchId <= lastCommitted) {
      LOG.info(
          "Sink '{}' already committed batch {} to Kafka; not writing it again", sinkName, batchId);
      return;
    }
    if (openBatch >= 0) {
      // a write whose commit never came (the driver failed in between): its rows must not show
      abort();
    }
    if (rows.rowCount() == 0) {
      return;
    }
    try {
      producer.beginTransaction();
      openBatch = batchId;
      send(rows);
    } catch (KafkaException e) {
      throw failed("write batch " + batchId, e);
    }
  }

  @Override
  public boolean takesRowsAsTheyCome() {
    return true;
  }

  /** Sends the rows into the batch's transaction, begun by the first rows of the batch. */
  @Override
  public synchronized void writeMore(long batchId, Batch rows) {
    open();
    if (batchId <= lastCommitted || rows.rowCount() == 0) {
      return;
    }
    try {
      if (openBatch != batchId) {
        if (openBatch >= 0) {
          abort();
        }
        producer.beginTransaction();
        openBatch = batchId;
      }
      send(rows);
    } catch (KafkaException e) {
      throw failed("write batch " + batchId, e);
    }
  }

  private void send(Batch rows) {
    for (int row = 0; row < rows.rowCount(); row++) {
      RowKind kind = rows.rowKind(row);
      if (upsert && kind == RowKind.UPDATE_BEFORE) {
        continue;
      }
      byte[] key = keyEncoder == null ? null : keyEncoder.encode(rows, row);
      byte[] value = upsert && kind == RowKind.DELETE ? null : valueEncoder.encode(rows, row);
      // a failed send makes commitTransaction fail, so the futures need no checking here
      var unused = producer.send(new ProducerRecord<>(client.topic(), key, value));
    }
  }

  @Override
  public synchronized void commit(long batchId) {
    open();
    if (batchId <= lastCommitted || openBatch != batchId) {
      // already committed, or a batch without rows: nothing to make visible
      return;
    }
    try {
      producer.sendOffsetsToTransaction(
          ledger.entryFor(batchId), new ConsumerGroupMetadata(ledger.groupId()));
      producer.commitTransaction();
      lastCommitted = batchId;
      openBatch = -1;
    } catch (KafkaException e) {
      throw failed("commit batch " + batchId, e);
    }
  }

  /**
   * Records batch -1 as the last committed one, in a transaction of its own, so that batches a
   * dropped sink of the same name committed are not taken for this query's.
   */
  @Override
  public synchronized void startFresh() {
    open();
    if (openBatch >= 0) {
      abort();
    }
    try {
      producer.beginTransaction();
      producer.sendOffsetsToTransaction(
          ledger.entryFor(-1), new ConsumerGroupMetadata(ledger.groupId()));
      producer.commitTransaction();
      lastCommitted = -1;
    } catch (KafkaException e) {
      throw failed("reset its committed batches", e);
    }
  }

  @Override
  public synchronized long lastCommittedBatch() {
    open();
    return lastCommitted;
  }

  @Override
  public synchronized void close() {
    if (producer != null && openBatch >= 0) {
      // a stopped continuous query leaves its epoch's transaction open: aborted now, it does not
      // hold read_committed readers back until the broker's transaction timeout
      try {
        producer.abortTransaction();
        openBatch = -1;
      } catch (KafkaException e) {
        LOG.warn("Sink '{}' could not abort batch {}: {}", sinkName, openBatch, e.toString());
      }
    }
    closeProducer();
  }

  /**
   * Starts the transactional producer, fencing any earlier one with the same id, and reads back the
   * last batch committed to Kafka.
   */
  private void open() {
    if (producer != null) {
      return;
    }
    Map<String, Object> config =
        client.clientConfig(
            Map.of(),
            Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                transactionalId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all"));
    long started = System.nanoTime();
    long created;
    long fenced;
    try {
      producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
      created = System.nanoTime();
      producer.initTransactions();
      fenced = System.nanoTime();
    } catch (KafkaException e) {
      throw failed("start", e);
    }
    openBatch = -1;
    try {
      lastCommitted = readLastCommitted();
    } catch (RuntimeException e) {
      closeProducer();
      throw e;
    }
    // a restarted query's first batch waits for this: how long it took, and which part
    LOG.info(
        "Sink '{}' opened in {} ms: producer created in {} ms, transactions initialised (the"
            + " previous producer fenced) in {} ms, last committed batch {} read in {} ms",
        sinkName,
        (System.nanoTime() - started) / 1_000_000,
        (created - started) / 1_000_000,
        (fenced - created) / 1_000_000,
        lastCommitted,
        (System.nanoTime() - fenced) / 1_000_000);
  }

  private long readLastCommitted() {
    Map<String, Object> config = client.clientConfig(Map.of(), Map.of());
    config.keySet().retainAll(AdminClientConfig.configNames());
    try (Admin admin = Admin.create(config)) {
      return ledger.lastCommittedBatch(admin, CALL_TIMEOUT_MILLIS);
    } catch (ExecutionException e) {
      throw failed("read its last committed batch", e.getCause());
    } catch (TimeoutException e) {
      throw failed("read its last committed batch", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed("read its last committed batch", e);
    }
  }

  private void abort() {
    try {
      producer.abortTransaction();
      openBatch = -1;
    } catch (KafkaException e) {
      closeProducer();
      throw failed("abort batch " + openBatch, e);
    }
  }

  private void closeProducer() {
    if (producer != null) {
      try {
        producer.close(CLOSE_TIMEOUT);
      } catch (KafkaException e) {
        LOG.warn("Closing the Kafka producer of sink '{}' failed: {}", sinkName, e.toString());
      }
      producer = null;
      openBatch = -1;
    }
  }

  /**
   * The error for a failed Kafka call. The producer is dropped: after most transactional errors it
   * is unusable, and the next use starts a new one, which aborts what this one left open.
   */
  private RuntimeException failed(String action, Throwable cause) {
    closeProducer();
    String message =
        "Kafka sink '"
            + sinkName
            + "' could not "
            + action
            + " (topic '"
            + client.topic()
            + "', transactional id '"
            + transactionalId
            + "'): "
            + cause;
    // a broker out of reach may come back: the query retries instead of failing for good
    return KafkaFailures.isPassing(cause)
        ? new TransientException(
            message.substring(0, message.length() - String.valueOf(cause).length())
                + "no answer from Kafka ("
                + KafkaFailures.describe(cause)
                + ")",
            cause)
        : new IllegalStateException(message, cause);
  }

  private static int[] keyIndexes(String keyFields, List<Column> columns) {
    List<Integer> indexes = new ArrayList<>();
    for (String field : keyFields.split(",")) {
      String name = field.trim();
      int index = -1;
      for (int i = 0; i < columns.size() && index < 0; i++) {
        if (columns.get(i).name().equals(name)) {
          index = i;
        }
      }
      for (int i = 0; i < columns.size() && index < 0; i++) {
        if (columns.get(i).name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          index = i;
        }
      }
      if (index < 0) {
        throw new IllegalArgumentException(
            "Option '"
                + KEY_FIELDS_OPTION
                + "' names column '"
                + name
                + "', which the sink's query does not produce");
      }
      indexes.add(index);
    }
    return indexes.stream().mapToInt(Integer::intValue).toArray();
  }
}
