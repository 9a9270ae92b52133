package io.sluice.connector.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spi.connector.SourceOffset;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Position in a Kafka topic: per partition, the offset of the next record to read (the Kafka
 * convention for committed offsets). A partition absent from the map has not been read at all:
 * reading it starts at its earliest available record.
 */
public final class KafkaOffset implements SourceOffset {
  /** Nothing read from any partition. */
  public static final KafkaOffset EMPTY = new KafkaOffset(Map.of());

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PARTITIONS_FIELD = "partitions";

  private final SortedMap<Integer, Long> positions;

  /**
   * @throws IllegalArgumentException for a negative partition or offset
   */
  public KafkaOffset(Map<Integer, Long> positions) {
    requireNonNull(positions, "positions is null");
    SortedMap<Integer, Long> sorted = new TreeMap<>();
    positions.forEach(
        (partition, offset) -> {
          if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException(
                "Invalid Kafka position: partition " + partition + " offset " + offset);
          }
          sorted.put(partition, offset);
        });
    this.positions = Collections.unmodifiableSortedMap(sorted);
  }

  /** Next offset to read per partition, in partition order. */
  public SortedMap<Integer, Long> positions() {
    return positions;
  }

  /** Next offset to read in {@code partition}, or {@code ifAbsent} when it was never read. */
  public long position(int partition, long ifAbsent) {
    return positions.getOrDefault(partition, ifAbsent);
  }

  @Override
  public String toJson() {
    ObjectNode json = MAPPER.createObjectNode();
    ObjectNode partitions = json.putObject(PARTITIONS_FIELD);
    positions.forEach((partition, offset) -> partitions.put(partition.toString(), offset));
    return json.toString();
  }

  /**
   * Parses {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException when {@code json} is not such an offset
   */
  public static KafkaOffset fromJson(String json) {
    requireNonNull(json, "json is null");
    JsonNode partitions;
    try {
      partitions = MAPPER.readTree(json).get(PARTITIONS_FIELD);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a Kafka offset: " + e.getOriginalMessage(), e);
    }
    if (partitions == null || !partitions.isObject()) {
      throw new IllegalArgumentException(
          "Not a Kafka offset: no '" + PARTITIONS_FIELD + "' object");
    }
    Map<Integer, Long> positions = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = partitions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode offset = entry.getValue();
      int partition;
      try {
        partition = Integer.parseInt(entry.getKey());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Not a Kafka offset: partition '" + entry.getKey() + "' is not an integer", e);
      }
      if (!offset.isIntegralNumber() || !offset.canConvertToLong()) {
        throw new IllegalArgumentException(
            "Not a Kafka offset: offset "
                + offset
                + " of partition "
                + partition
                + " is not an integer");
      }
      positions.put(partition, offset.asLong());
    }
    return new KafkaOffset(positions);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KafkaOffset && ((KafkaOffset) other).positions.equals(positions);
  }

  @Override
  public int hashCode() {
    return positions.hashCode();
  }

  @Override
  public String toString() {
    return "KafkaOffset" + positions;
  }
}
