package io.sluice.connector.kafka;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a Kafka sink records the id of each batch it commits: an offset commit to a bookkeeping
 * consumer group that rides in the batch's own transaction ({@code sendOffsetsToTransaction}).
 * Kafka commits or aborts it together with the batch's records, so the groups say exactly which
 * batch is the last one readers can see.
 *
 * <p>The sink's transactional producers take turns (see {@link KafkaSink}); each records its
 * batches in a group of its own, named like its transactional id, so that the commit of one
 * producer never lands after the next one's in the same group. Batches commit in order, so the last
 * committed batch is the highest any group holds.
 *
 * <p>The entry is for partition 0 of the output topic: the metadata holds the batch id and, as
 * Kafka's convention for committed offsets has it, the offset is the next one (batch id + 1). No
 * consumer ever reads with these groups. A sink starting afresh records batch -1 (offset 0) in
 * each.
 */
final class SinkBatchLedger {
  private static final String METADATA_PREFIX = "sluice-batch:";

  private final List<String> groupIds;
  private final TopicPartition entry;

  SinkBatchLedger(List<String> groupIds, String topic) {
    this.groupIds = List.copyOf(requireNonNull(groupIds, "groupIds is null"));
    this.entry = new TopicPartition(requireNonNull(topic, "topic is null"), 0);
  }

  /** The group in which producer {@code slot} records its batches. */
  String groupId(int slot) {
    return groupIds.get(slot);
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
   * ({@code requireStable}), so call it after the producers' {@code initTransactions}, which
   * finishes or aborts whatever the previous producers left open.
   *
   * @throws IllegalStateException when a group holds offsets Sluice did not write
   */
  long lastCommittedBatch(Admin admin, long timeoutMillis)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
    for (String groupId : groupIds) {
      specs.put(groupId, new ListConsumerGroupOffsetsSpec());
    }
    ListConsumerGroupOffsetsResult result =
        admin.listConsumerGroupOffsets(
            specs, new ListConsumerGroupOffsetsOptions().requireStable(true));
    long last = -1;
    for (String groupId : groupIds) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          result.partitionsToOffsetAndMetadata(groupId).get(timeoutMillis, TimeUnit.MILLISECONDS);
      last = Math.max(last, batchOf(groupId, offsets.get(entry)));
    }
    return last;
  }

  private long batchOf(String groupId, OffsetAndMetadata committed) {
    if (committed == null) {
      return -1;
    }
    String metadata = committed.metadata();
    if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
      throw notOurs(groupId);
    }
    try {
      long batchId = Long.parseLong(metadata.substring(METADATA_PREFIX.length()));
      if (batchId + 1 != committed.offset()) {
        throw notOurs(groupId);
      }
      return batchId;
    } catch (NumberFormatException e) {
      throw notOurs(groupId);
    }
  }

  private IllegalStateException notOurs(String groupId) {
    return new IllegalStateException(
        "Consumer group '"
            + groupId
            + "' holds an offset for "
            + entry
            + " that a Sluice sink did not write; it keeps the sink's committed batches, so"
            + " no consumer may use it");
  }
}
