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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a persistent query's result into a Kafka topic ({@code 'connector' = 'kafka'}), one record
 * per row, exactly once for {@code read_committed} readers.
 *
 * <p>Each batch with rows is one Kafka transaction. Batches take turns between two transactional
 * producers (even batch ids the first, odd ones the second), so that a continuous query commits one
 * epoch while the next one's records already flow through the other producer. Their {@code
 * transactional.id}s are stable per sink ({@code sluice-sink-<sink name>} unless {@code
 * properties.transactional.id} is given, and the same with {@value #SECOND_PRODUCER_SUFFIX}
 * appended), so a restarted server fences its previous incarnation's producers and aborts the
 * transactions they left open. The batch id is committed inside the same transaction (see {@link
 * SinkBatchLedger}): after a crash between Kafka's commit and the checkpoint's, the replayed batch
 * is recognised as committed and neither written nor committed again. That entry is sent when the
 * transaction begins, on a thread of its own while the rows go out, so a commit waits for one round
 * trip (EndTxn), not two.
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

  /**
   * Sends ledger entries ahead of commits ({@code sendOffsetsToTransaction} blocks for its round
   * trip); daemon threads that end when idle.
   */
  private static final ExecutorService LEDGER_SENDERS =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "sluice-kafka-sink-ledger");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Appended to the sink's transactional id for its second producer: a character sink names and the
   * usual {@code -N} conventions do not use, so it does not meet another sink's id.
   */
  public static final String SECOND_PRODUCER_SUFFIX = "~odd";

  private final String sinkName;
  private final KafkaClientOptions client;
  private final String transactionalId;
  private final RowEncoder valueEncoder;
  private final RowEncoder keyEncoder;
  private final boolean upsert;
  private final SinkBatchLedger ledger;
  private final List<Producer> producers;
  // the one writer of a batch and the committer of the one before it may run at once
  private final AtomicLong lastCommitted = new AtomicLong(-1);
  private volatile boolean lastCommittedRead;
  // a commit still running on the committer's thread when the sink closes must not reopen it
  private volatile boolean closed;

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
    this.producers =
        List.of(
            new Producer(0, transactionalId),
            new Producer(1, transactionalId + SECOND_PRODUCER_SUFFIX));
    this.ledger =
        new SinkBatchLedger(
            producers.stream().map(Producer::transactionalId).toList(), client.topic());
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

  /**
   * The first producer's transactional id (the second's has {@value #SECOND_PRODUCER_SUFFIX}
   * appended), also the name of the group that records the batches it commits.
   */
  public String transactionalId() {
    return transactionalId;
  }

  @Override
  public void write(long batchId, Batch rows) {
    stage(batchId, rows, true);
  }

  @Override
  public boolean takesRowsAsTheyCome() {
    return true;
  }

  /** Sends the rows into the batch's transaction, begun by the first rows of the batch. */
  @Override
  public void writeMore(long batchId, Batch rows) {
    stage(batchId, rows, false);
  }

  /**
   * Sends the rows into batch {@code batchId}'s transaction. What the producer holds open is
   * aborted first when it belongs to another batch or, for a batch's first write ({@code fresh}),
   * to an earlier attempt at this one: a write whose commit never came (the driver failed in
   * between) must not show.
   */
  private void stage(long batchId, Batch rows, boolean fresh) {
    Producer producer = open(batchId);
    synchronized (producer) {
      if (batchId <= lastCommitted.get()) {
        if (fresh) {
          LOG.info(
              "Sink '{}' already committed batch {} to Kafka; not writing it again",
              sinkName,
              batchId);
        }
        return;
      }
      if (producer.openBatch >= 0 && (fresh || producer.openBatch != batchId)) {
        abort(producer);
      }
      if (rows.rowCount() == 0) {
        return;
      }
      try {
        if (producer.openBatch != batchId) {
          producer.begin(batchId);
          sendLedgerEntryAhead(producer, batchId);
        }
        send(producer, rows);
      } catch (KafkaException e) {
        throw failed(producer, "write batch " + batchId, e);
      }
    }
  }

  @Override
  public boolean commitsWhileTheNextBatchIsWritten() {
    return true;
  }

  /**
   * Sends what the batch's producer still buffers and waits for the broker to take it: the next
   * batch's records, from the other producer, then land after these, so this batch's commit alone
   * makes them readable (a read_committed reader sees nothing past the first record of a
   * transaction still open).
   */
  @Override
  public void prepareCommit(long batchId) {
    Producer producer = open(batchId);
    synchronized (producer) {
      if (producer.openBatch != batchId) {
        return;
      }
      try {
        producer.kafka.flush();
      } catch (KafkaException e) {
        throw failed(producer, "send batch " + batchId, e);
      }
    }
  }

  private void send(Producer producer, Batch rows) {
    for (int row = 0; row < rows.rowCount(); row++) {
      RowKind kind = rows.rowKind(row);
      if (upsert && kind == RowKind.UPDATE_BEFORE) {
        continue;
      }
      byte[] key = keyEncoder == null ? null : keyEncoder.encode(rows, row);
      byte[] value = upsert && kind == RowKind.DELETE ? null : valueEncoder.encode(rows, row);
      // a failed send makes commitTransaction fail, so the futures need no checking here
      var unused = producer.kafka.send(new ProducerRecord<>(client.topic(), key, value));
    }
  }

  /**
   * Records the batch in its ledger group on a thread of its own while its rows are sent: the entry
   * is part of the transaction, committed or aborted with it, and the commit then waits for nothing
   * but its own round trip: a read_committed reader sees a batch's rows only once it committed.
   */
  private void sendLedgerEntryAhead(Producer producer, long batchId) {
    KafkaProducer<byte[], byte[]> kafka = producer.kafka;
    Map<TopicPartition, OffsetAndMetadata> entry = ledger.entryFor(batchId);
    ConsumerGroupMetadata group = new ConsumerGroupMetadata(ledger.groupId(producer.slot));
    producer.ledgerEntry =
        CompletableFuture.runAsync(
            () -> kafka.sendOffsetsToTransaction(entry, group), LEDGER_SENDERS);
  }

  /** Waits for the open batch's ledger entry to be in its transaction; its failure is thrown. */
  private static void awaitLedgerEntry(Producer producer) {
    CompletableFuture<Void> sent = producer.ledgerEntry;
    producer.ledgerEntry = null;
    if (sent == null) {
      throw new IllegalStateException("The open transaction has no ledger entry");
    }
    try {
      sent.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof KafkaException k ? k : e;
    }
  }

  /** Lets an abandoned batch's ledger entry settle, whatever its outcome, before an abort. */
  private static void settleLedgerEntry(Producer producer) {
    CompletableFuture<Void> sent = producer.ledgerEntry;
    producer.ledgerEntry = null;
    if (sent != null) {
      try {
        sent.join();
      } catch (CompletionException | CancellationException e) {
        // the abort that follows discards the entry with the batch, or fails for the same reason
      }
    }
  }

  @Override
  public void commit(long batchId) {
    Producer producer = open(batchId);
    synchronized (producer) {
      if (batchId <= lastCommitted.get()) {
        return;
      }
      if (producer.openBatch != batchId) {
        if (producer.lostBatch == batchId) {
          throw new IllegalStateException(
              "Kafka sink '"
                  + sinkName
                  + "' cannot commit batch "
                  + batchId
                  + ": its transaction was aborted after a failure");
        }
        // a batch without rows: nothing to make visible
        return;
      }
      try {
        awaitLedgerEntry(producer);
        producer.kafka.commitTransaction();
        lastCommitted.accumulateAndGet(batchId, Math::max);
        producer.openBatch = -1;
      } catch (KafkaException e) {
        throw failed(producer, "commit batch " + batchId, e);
      }
    }
  }

  /**
   * Records batch -1 as the last committed one in each producer's group, in a transaction of its
   * own, so that batches a dropped sink of the same name committed are not taken for this query's.
   */
  @Override
  public void startFresh() {
    for (Producer producer : producers) {
      open(producer.slot);
      synchronized (producer) {
        if (producer.openBatch >= 0) {
          abort(producer);
        }
        try {
          producer.kafka.beginTransaction();
          producer.kafka.sendOffsetsToTransaction(
              ledger.entryFor(-1), new ConsumerGroupMetadata(ledger.groupId(producer.slot)));
          producer.kafka.commitTransaction();
        } catch (KafkaException e) {
          throw failed(producer, "reset its committed batches", e);
        }
      }
    }
    lastCommitted.set(-1);
  }

  @Override
  public long lastCommittedBatch() {
    open(0);
    open(1);
    return lastCommitted.get();
  }

  @Override
  public void close() {
    closed = true;
    for (Producer producer : producers) {
      synchronized (producer) {
        if (producer.kafka != null && producer.openBatch >= 0) {
          // a stopped continuous query leaves its epoch's transaction open: aborted now, it does
          // not hold read_committed readers back until the broker's transaction timeout
          try {
            settleLedgerEntry(producer);
            producer.kafka.abortTransaction();
            producer.openBatch = -1;
          } catch (KafkaException e) {
            LOG.warn(
                "Sink '{}' could not abort batch {}: {}",
                sinkName,
                producer.openBatch,
                e.toString());
          }
        }
        closeProducer(producer);
      }
    }
  }

  /**
   * The producer of batch {@code batchId}, started if it is not. The first use starts both: each
   * fences the previous incarnation's producer of its id, aborting what that one left open, before
   * the last committed batch is read back.
   */
  private Producer open(long batchId) {
    if (closed) {
      throw new IllegalStateException("Kafka sink '" + sinkName + "' is closed");
    }
    Producer producer = producers.get((int) (batchId & 1));
    if (!lastCommittedRead) {
      synchronized (this) {
        if (!lastCommittedRead) {
          long started = System.nanoTime();
          startBoth();
          long fenced = System.nanoTime();
          lastCommitted.set(readLastCommitted());
          lastCommittedRead = true;
          // a restarted query's first batch waits for this: how long it took, and which part
          LOG.info(
              "Sink '{}' opened in {} ms: producers started and transactions initialised (the"
                  + " previous producers fenced) in {} ms, last committed batch {} read in {} ms",
              sinkName,
              (System.nanoTime() - started) / 1_000_000,
              (fenced - started) / 1_000_000,
              lastCommitted.get(),
              (System.nanoTime() - fenced) / 1_000_000);
        }
      }
    }
    synchronized (producer) {
      if (producer.kafka == null) {
        // after a failure: the new producer fences the failed one, aborting its open transaction
        start(producer);
        // what Kafka holds once the failed producer's transaction is settled; a commit the other
        // producer made meanwhile is never taken back
        lastCommitted.accumulateAndGet(readLastCommitted(), Math::max);
      }
    }
    return producer;
  }

  /** Starts both producers at once: each {@code initTransactions} is a round trip or more. */
  private void startBoth() {
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(
            () -> {
              synchronized (producers.get(1)) {
                start(producers.get(1));
              }
            });
    try {
      synchronized (producers.get(0)) {
        start(producers.get(0));
      }
    } finally {
      try {
        second.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }

  private void start(Producer producer) {
    if (producer.kafka != null) {
      return;
    }
    Map<String, Object> config =
        client.clientConfig(
            // records leave as they come (Kafka 4 waits 5 ms for more): a continuous epoch's
            // rows are then at the broker when it commits, and a micro-batch's commit flushes;
            // a producer beginning its next transaction while the coordinator still completes its
            // last one (batches a few ms apart) retries within ms, not Kafka 4's up to 1 s
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG,
                5,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG,
                20),
            Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                producer.transactionalId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all"));
    KafkaProducer<byte[], byte[]> kafka = null;
    try {
      kafka = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
      kafka.initTransactions();
    } catch (KafkaException e) {
      if (kafka != null) {
        kafka.close(CLOSE_TIMEOUT);
      }
      throw failed(producer, "start", e);
    }
    producer.kafka = kafka;
    producer.openBatch = -1;
  }

  private long readLastCommitted() {
    Map<String, Object> config = client.clientConfig(Map.of(), Map.of());
    config.keySet().retainAll(AdminClientConfig.configNames());
    try (Admin admin = Admin.create(config)) {
      return ledger.lastCommittedBatch(admin, CALL_TIMEOUT_MILLIS);
    } catch (ExecutionException e) {
      throw failed(null, "read its last committed batch", e.getCause());
    } catch (TimeoutException e) {
      throw failed(null, "read its last committed batch", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(null, "read its last committed batch", e);
    }
  }

  private void abort(Producer producer) {
    try {
      settleLedgerEntry(producer);
      producer.kafka.abortTransaction();
      producer.openBatch = -1;
    } catch (KafkaException e) {
      throw failed(producer, "abort batch " + producer.openBatch, e);
    }
  }

  private void closeProducer(Producer producer) {
    if (producer.kafka != null) {
      try {
        producer.kafka.close(CLOSE_TIMEOUT);
      } catch (KafkaException e) {
        LOG.warn("Closing the Kafka producer of sink '{}' failed: {}", sinkName, e.toString());
      }
      producer.kafka = null;
    }
    producer.ledgerEntry = null;
    if (producer.openBatch >= 0) {
      producer.lostBatch = producer.openBatch;
    }
    producer.openBatch = -1;
  }

  /**
   * The error for a failed Kafka call. The producer is dropped: after most transactional errors it
   * is unusable, and the next use starts a new one, which aborts what this one left open.
   */
  private RuntimeException failed(Producer producer, String action, Throwable cause) {
    if (producer != null) {
      closeProducer(producer);
    }
    String message =
        "Kafka sink '"
            + sinkName
            + "' could not "
            + action
            + " (topic '"
            + client.topic()
            + "', transactional id '"
            + (producer == null ? transactionalId : producer.transactionalId)
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

  /** One of the sink's two transactional producers and the batch its open transaction holds. */
  private static final class Producer {
    final int slot;
    final String transactionalId;
    KafkaProducer<byte[], byte[]> kafka;
    long openBatch = -1;
    // the open batch's entry in its ledger group, sent while its rows are
    CompletableFuture<Void> ledgerEntry;
    // the batch whose open transaction went with a failed producer: it can no longer commit
    long lostBatch = -1;

    Producer(int slot, String transactionalId) {
      this.slot = slot;
      this.transactionalId = requireNonNull(transactionalId, "transactionalId is null");
    }

    String transactionalId() {
      return transactionalId;
    }

    void begin(long batchId) {
      kafka.beginTransaction();
      openBatch = batchId;
      if (lostBatch == batchId) {
        lostBatch = -1;
      }
    }
  }
}
