package io.sluice.connector.datagen.nexmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.spi.connector.SourceOffset;

/**
 * Position in the global Nexmark event sequence: how many events (of all three kinds) have been
 * planned into batches, and when the source started (epoch millis), which paces a throttled source
 * and is kept so a replayed run paces the same way.
 */
public record NexmarkOffset(long startMillis, long events) implements SourceOffset {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public NexmarkOffset {
    if (events < 0) {
      throw new IllegalArgumentException("events is negative: " + events);
    }
  }

  @Override
  public String toJson() {
    return MAPPER.createObjectNode().put("start", startMillis).put("events", events).toString();
  }

  /**
   * Parses {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException when {@code json} is not such an offset
   */
  public static NexmarkOffset fromJson(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a nexmark offset: " + e.getOriginalMessage(), e);
    }
    JsonNode start = node == null ? null : node.get("start");
    JsonNode events = node == null ? null : node.get("events");
    if (start == null
        || !start.isIntegralNumber()
        || !start.canConvertToLong()
        || events == null
        || !events.isIntegralNumber()
        || !events.canConvertToLong()) {
      throw new IllegalArgumentException(
          "Not a nexmark offset: expected integers 'start' and 'events'");
    }
    return new NexmarkOffset(start.asLong(), events.asLong());
  }
}
