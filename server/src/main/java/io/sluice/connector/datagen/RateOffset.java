package io.sluice.connector.datagen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.spi.connector.SourceOffset;

/**
 * Position in a rate source: when generation started (epoch millis, fixed for the query's life so
 * that replay regenerates identical rows) and how many rows have been emitted.
 */
public record RateOffset(long startMillis, long rows) implements SourceOffset {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public RateOffset {
    if (rows < 0) {
      throw new IllegalArgumentException("rows is negative: " + rows);
    }
  }

  @Override
  public String toJson() {
    return MAPPER.createObjectNode().put("start", startMillis).put("rows", rows).toString();
  }

  /**
   * Parses {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException when {@code json} is not such an offset
   */
  public static RateOffset fromJson(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a rate offset: " + e.getOriginalMessage(), e);
    }
    JsonNode start = node.get("start");
    JsonNode rows = node.get("rows");
    if (start == null
        || !start.canConvertToLong()
        || !start.isIntegralNumber()
        || rows == null
        || !rows.canConvertToLong()
        || !rows.isIntegralNumber()) {
      throw new IllegalArgumentException("Not a rate offset: expected integers 'start' and 'rows'");
    }
    return new RateOffset(start.asLong(), rows.asLong());
  }
}
