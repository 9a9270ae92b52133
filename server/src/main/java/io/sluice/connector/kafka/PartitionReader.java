package io.sluice.connector.kafka;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.error.TransientException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumer reading exact offset ranges of some partitions of a topic, kept assigned and
 * positioned between batches: a batch that starts where the previous one ended reads on from the
 * consumer's open fetch session and from the records polled ahead of it, and only a batch that
 * starts elsewhere (a replay after a rollback or a restore) seeks. Records polled past a batch's
 * end wait in a per-partition buffer for the next batch; a partition whose buffer holds more than
 * {@link #BUFFER_BYTES_PER_PARTITION} is paused until a batch drains it.
 *
 * <p>The buffers hold exactly what the broker returned from the buffered position on (for each
 * partition, every record from {@code next} up to the consumer's position), so a batch read from
 * them equals one read after a fresh seek. Under {@code read_committed} the consumer's position
 * moves past control records and aborted transactions without a record to show for it, so a
 * partition is done when its position reaches the batch's end, not when a record at {@code end - 1}
 * arrives. Not thread-safe beyond its synchronized methods: one batch at a time.
 *
 * <p>Keys and values are the consumer's views into the fetch responses it received (Kafka's
 * zero-copy {@code ByteBufferDeserializer}), never copied per record: a record is decoded where it
 * arrived, and a response lives until its last buffered record is handed on.
 */
final class PartitionReader implements AutoCloseable {
  /** Records a reader keeps ahead of the batches that need them, shared by its partitions. */
  static final long READ_AHEAD_BYTES = 32L << 20;

  /** The least read-ahead of a partition, however many share the reader. */
  static final long MIN_READ_AHEAD_BYTES = 1L << 20;

  /** A partition that must be read from its earliest record: the position is unknown. */
  private static final long BEGINNING = -1;

  /** Per-record bookkeeping counted against the buffer bound beside key and value bytes. */
  private static final long RECORD_OVERHEAD_BYTES = 96;

  private static final Duration POLL = Duration.ofMillis(100);

  private final String relationName;
  private final String topic;
  private final KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
  private final Map<Integer, Buffered> buffers = new HashMap<>();

  PartitionReader(
      String relationName, String topic, KafkaConsumer<ByteBuffer, ByteBuffer> consumer) {
    this.relationName = requireNonNull(relationName, "relationName is null");
    this.topic = requireNonNull(topic, "topic is null");
    this.consumer = requireNonNull(consumer, "consumer is null");
  }

  /** What one partition's consumer has fetched ahead of the batch that needs it. */
  private static final class Buffered {
    final TopicPartition partition;

    /** The polled lists as the consumer returned them (no copy per record), oldest first. */
    final ArrayDeque<List<ConsumerRecord<ByteBuffer, ByteBuffer>>> chunks = new ArrayDeque<>();

    /** Index in the oldest chunk of the first record not handed on yet. */
    int head;

    long bytes;

    /** The offset the buffered records continue from ({@link #BEGINNING}: unknown, earliest). */
    long next = BEGINNING;

    boolean paused;

    Buffered(TopicPartition partition) {
      this.partition = partition;
    }

    boolean isEmpty() {
      return chunks.isEmpty();
    }

    void clear() {
      chunks.clear();
      head = 0;
      bytes = 0;
    }
  }

  /**
   * Hands {@code out} every record of each partition from its start (null: its earliest record) up
   * to, excluding, its end, partition by partition in number order and by offset within each.
   * {@code ends} names every partition this reader reads now (those with nothing new in this batch
   * too: their start equals their end), so the consumer stays assigned to them and fetches ahead.
   *
   * @throws TransientException when a partition does not reach its end within {@code timeoutMillis}
   */
  synchronized void read(
      Map<Integer, Long> starts,
      Map<Integer, Long> ends,
      long timeoutMillis,
      Consumer<ConsumerRecord<ByteBuffer, ByteBuffer>> out) {
    try {
      assign(ends.keySet());
      List<Integer> reading = new ArrayList<>();
      for (Map.Entry<Integer, Long> end : new TreeMap<>(ends).entrySet()) {
        Long start = starts.get(end.getKey());
        position(buffers.get(end.getKey()), start);
        if (start == null || start < end.getValue()) {
          reading.add(end.getKey());
        }
      }
      long deadline = System.currentTimeMillis() + timeoutMillis;
      for (int partition : reading) {
        Buffered buffered = buffers.get(partition);
        long end = ends.get(partition);
        while (true) {
          drain(buffered, end, out);
          if (!buffered.isEmpty() || consumer.position(buffered.partition) >= end) {
            break;
          }
          if (System.currentTimeMillis() > deadline) {
            throw new TransientException(
                "Timed out reading '"
                    + relationName
                    + "': topic '"
                    + topic
                    + "' partition "
                    + partition
                    + " is at offset "
                    + consumer.position(buffered.partition)
                    + " after "
                    + timeoutMillis
                    + " ms; the batch needs it up to offset "
                    + end,
                null);
          }
          poll(POLL);
        }
        buffered.next = end;
      }
      detachLeftovers();
    } catch (RuntimeException e) {
      // whatever was taken from the buffers is gone with the failed batch: seek afresh next time
      forget();
      throw e;
    }
  }

  /**
   * Gives the records still buffered after a batch bytes of their own: a record's key and value are
   * views into the fetch response it came in (up to {@code fetch.max.bytes}, shared by every
   * partition it carried), which a few records left for the next batch would otherwise keep whole,
   * beyond what {@link #READ_AHEAD_BYTES} counts. Each chunk's records are copied once, together.
   */
  private void detachLeftovers() {
    for (Buffered buffered : buffers.values()) {
      if (buffered.isEmpty()) {
        continue;
      }
      ArrayDeque<List<ConsumerRecord<ByteBuffer, ByteBuffer>>> detached = new ArrayDeque<>();
      boolean first = true;
      for (List<ConsumerRecord<ByteBuffer, ByteBuffer>> chunk : buffered.chunks) {
        if (chunk instanceof DetachedRecords) {
          detached.addLast(chunk);
        } else {
          detached.addLast(detach(chunk, first ? buffered.head : 0));
          if (first) {
            buffered.head = 0;
          }
        }
        first = false;
      }
      buffered.chunks.clear();
      buffered.chunks.addAll(detached);
    }
  }

  /** Records {@code from} on of {@code chunk}, their keys and values copied into one array. */
  private static DetachedRecords detach(
      List<ConsumerRecord<ByteBuffer, ByteBuffer>> chunk, int from) {
    long total = 0;
    for (int i = from; i < chunk.size(); i++) {
      ConsumerRecord<ByteBuffer, ByteBuffer> record = chunk.get(i);
      total += remaining(record.key()) + remaining(record.value());
    }
    byte[] bytes = new byte[Math.toIntExact(total)];
    DetachedRecords copies = new DetachedRecords(chunk.size() - from);
    int at = 0;
    for (int i = from; i < chunk.size(); i++) {
      ConsumerRecord<ByteBuffer, ByteBuffer> record = chunk.get(i);
      ByteBuffer key = copyInto(record.key(), bytes, at);
      at += remaining(record.key());
      ByteBuffer value = copyInto(record.value(), bytes, at);
      at += remaining(record.value());
      copies.add(
          new ConsumerRecord<>(
              record.topic(),
              record.partition(),
              record.offset(),
              record.timestamp(),
              record.timestampType(),
              record.serializedKeySize(),
              record.serializedValueSize(),
              key,
              value,
              record.headers(),
              record.leaderEpoch()));
    }
    return copies;
  }

  private static int remaining(ByteBuffer bytes) {
    return bytes == null ? 0 : bytes.remaining();
  }

  private static ByteBuffer copyInto(ByteBuffer bytes, byte[] target, int at) {
    if (bytes == null) {
      return null;
    }
    int length = bytes.remaining();
    bytes.duplicate().get(target, at, length);
    return ByteBuffer.wrap(target, at, length).slice();
  }

  /** Buffered records whose keys and values are copies, not views into a fetch response. */
  private static final class DetachedRecords
      extends ArrayList<ConsumerRecord<ByteBuffer, ByteBuffer>> {
    DetachedRecords(int capacity) {
      super(capacity);
    }
  }

  /**
   * Waits at most {@code maxWaitMillis} for records past {@code positions} (the next batch's start
   * per partition): true as soon as some are buffered, false when the wait ended without any or the
   * reader is not assigned yet (it learns its partitions from its first batch).
   */
  synchronized boolean awaitRecords(Map<Integer, Long> positions, long maxWaitMillis) {
    if (buffers.isEmpty()) {
      return false;
    }
    if (hasRecordsAt(positions)) {
      return true;
    }
    try {
      poll(Duration.ofMillis(Math.max(0, maxWaitMillis)));
    } catch (RuntimeException e) {
      // the batch that follows reports the failure with its context; here it is only a wait
      forget();
      return true;
    }
    return hasRecordsAt(positions);
  }

  /**
   * The offset up to which this reader holds {@code partition}'s records from {@code start} on (its
   * consumer's position: a batch up to it is read from the buffer), known without asking the
   * broker; -1 when it does not read the partition or its buffer does not continue from {@code
   * start}.
   */
  synchronized long fetchedEnd(int partition, long start) {
    Buffered buffered = buffers.get(partition);
    if (buffered == null || buffered.next != start) {
      return -1;
    }
    try {
      return consumer.position(buffered.partition);
    } catch (RuntimeException e) {
      // the batch that reads the partition reports it, with its context
      return -1;
    }
  }

  /** Whether a batch assigned this reader some partitions, so that it can wait for records. */
  synchronized boolean isAssigned() {
    return !buffers.isEmpty();
  }

  private boolean hasRecordsAt(Map<Integer, Long> positions) {
    for (Buffered buffered : buffers.values()) {
      Long position = positions.get(buffered.partition.partition());
      // records continuing from the next batch's start: the batch will read them
      if (!buffered.isEmpty() && (position == null || buffered.next == position)) {
        return true;
      }
    }
    return false;
  }

  /** Assigns the consumer to exactly {@code partitions}, only when they changed. */
  private void assign(Set<Integer> partitions) {
    if (buffers.keySet().equals(partitions)) {
      return;
    }
    buffers.keySet().retainAll(partitions);
    Set<TopicPartition> assigned = new HashSet<>();
    for (int partition : partitions) {
      TopicPartition tp = new TopicPartition(topic, partition);
      assigned.add(tp);
      buffers.computeIfAbsent(partition, unused -> new Buffered(tp));
    }
    // partitions that stay assigned keep their position and fetched data in the consumer
    consumer.assign(assigned);
  }

  /**
   * Makes the buffer continue from {@code start} (null: the earliest record), seeking if needed.
   */
  private void position(Buffered buffered, Long start) {
    if (start != null && buffered.next == start) {
      return;
    }
    if (start == null) {
      consumer.seekToBeginning(List.of(buffered.partition));
      buffered.next = BEGINNING;
    } else {
      consumer.seek(buffered.partition, start);
      buffered.next = start;
    }
    clear(buffered);
  }

  /** Hands on the buffered records before {@code end}; resumes the partition once below bound. */
  private void drain(
      Buffered buffered, long end, Consumer<ConsumerRecord<ByteBuffer, ByteBuffer>> out) {
    List<ConsumerRecord<ByteBuffer, ByteBuffer>> chunk;
    drained:
    while ((chunk = buffered.chunks.peekFirst()) != null) {
      int size = chunk.size();
      for (int i = buffered.head; i < size; i++) {
        ConsumerRecord<ByteBuffer, ByteBuffer> record = chunk.get(i);
        if (record.offset() >= end) {
          buffered.head = i;
          break drained;
        }
        buffered.bytes -= size(record);
        out.accept(record);
      }
      buffered.chunks.pollFirst();
      buffered.head = 0;
    }
    if (buffered.paused && buffered.bytes < readAheadPerPartition()) {
      consumer.resume(List.of(buffered.partition));
      buffered.paused = false;
    }
  }

  private void poll(Duration wait) {
    ConsumerRecords<ByteBuffer, ByteBuffer> polled = consumer.poll(wait);
    for (TopicPartition tp : polled.partitions()) {
      Buffered buffered = buffers.get(tp.partition());
      if (buffered == null) {
        continue;
      }
      List<ConsumerRecord<ByteBuffer, ByteBuffer>> records = polled.records(tp);
      int first = 0;
      // the consumer returns records from its position on, which is where the buffer continues
      while (first < records.size() && records.get(first).offset() < buffered.next) {
        first++;
      }
      if (first == records.size()) {
        continue;
      }
      List<ConsumerRecord<ByteBuffer, ByteBuffer>> chunk =
          first == 0 ? records : records.subList(first, records.size());
      for (ConsumerRecord<ByteBuffer, ByteBuffer> record : chunk) {
        buffered.bytes += size(record);
      }
      buffered.chunks.addLast(chunk);
      if (!buffered.paused && buffered.bytes >= readAheadPerPartition()) {
        consumer.pause(List.of(tp));
        buffered.paused = true;
      }
    }
  }

  private long readAheadPerPartition() {
    return Math.max(MIN_READ_AHEAD_BYTES, READ_AHEAD_BYTES / Math.max(1, buffers.size()));
  }

  private void clear(Buffered buffered) {
    buffered.clear();
    if (buffered.paused) {
      consumer.resume(List.of(buffered.partition));
      buffered.paused = false;
    }
  }

  /** Drops every buffer and position: the next batch seeks each partition. */
  private void forget() {
    for (Buffered buffered : buffers.values()) {
      buffered.clear();
      buffered.next = BEGINNING;
    }
    try {
      consumer.resume(consumer.paused());
    } catch (RuntimeException e) {
      // a consumer that cannot even resume fails the next batch, which reports it
    }
    for (Buffered buffered : buffers.values()) {
      buffered.paused = false;
    }
  }

  private static long size(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
    return RECORD_OVERHEAD_BYTES
        + Math.max(0, record.serializedValueSize())
        + Math.max(0, record.serializedKeySize());
  }

  /**
   * Closes the consumer, first waking a read or wait blocked in it (the only call of the consumer
   * allowed from another thread), so that closing a query does not wait out a read's timeout.
   */
  @Override
  public void close() {
    consumer.wakeup();
    synchronized (this) {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }
}
