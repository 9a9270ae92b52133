package io.sluice.connector.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a Kafka sink records the id of each batch it commits: an offset commit to a bookkeeping
 * consumer group (named like the sink's transactional id) that rides in the batch's own transaction
 * ({@code sendOffsetsToTransaction}). Kafka commits or aborts it together with the batch's records,
 * so the group says exactly which batch is the last one readers can see.
 *
 * <p>The entry is for partition 0 of the output topic: the metadata holds the batch id and, as
 * Kafka's convention for committed offsets has it, the offset is the next one (batch id + 1). No
 * consumer ever reads with this group. A sink starting afresh records batch -1 (offset 0).
 */
final class SinkBatchLedger {
  private static final String METADATA_PREFIX = "sluice-batch:";

  private final String groupId;
  private final TopicPartition entry;

  SinkBatchLedger(String groupId, String topic) {
    this.groupId = requireNonNull(groupId, "groupId is null");
    this.entry = new TopicPartition(requireNonNull(topic, "topic is null"), 0);
  }

  String groupId() {
    return groupId;
  }

  /** The offsets to send with batch {@code batchId}'s transaction; -1 forgets every batch. */
  Map<TopicPartition, OffsetAndMetadata> entryFor(long batchId) {
    if (batchId < -1) {
      throw new IllegalArgumentException("Invalid batch id " + batchId);
    }
    return Map.of(entry, new OffsetAndMetadata(batchId + 1, METADATA_PREFIX + batchId));
  }

  /**
   * The last batch whose transaction committed, or -1. Waits for transactions still completing
   * ({@code requireStable}), so call it after the producer's {@code initTransactions}, which
   * finishes or aborts whatever the previous producer left open.
   *
   * @throws IllegalStateException when the group holds offsets Sluice did not write
   */
  long lastCommittedBatch(Admin admin, long timeoutMillis)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(
                Map.of(groupId, new ListConsumerGroupOffsetsSpec()),
                new ListConsumerGroupOffsetsOptions().requireStable(true))
            .partitionsToOffsetAndMetadata(groupId)
            .get(timeoutMillis, TimeUnit.MILLISECONDS);
    OffsetAndMetadata committed = offsets.get(entry);
    if (committed == null) {
      return -1;
    }
    String metadata = committed.metadata();
    if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
      throw notOurs();
    }
    try {
      long batchId = Long.parseLong(metadata.substring(METADATA_PREFIX.length()));
      if (batchId + 1 != committed.offset()) {
        throw notOurs();
      }
      return batchId;
    } catch (NumberFormatException e) {
      throw notOurs();
    }
  }

  private IllegalStateException notOurs() {
    return new IllegalStateException(
        "Consumer group '"
            + groupId
            + "' holds an offset for "
            + entry
            + " that a Sluice sink did not write; it keeps the sink's committed batches, so"
            + " no consumer may use it");
  }
}
