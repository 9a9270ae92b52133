package io.sluice.connector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.spi.connector.SourceOffset;

/**
 * Position in an HTTP stream's log: the byte position of the next record to read.
 *
 * @param position where the next record starts
 */
public record LogOffset(long position) implements SourceOffset {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String POSITION_FIELD = "position";

  public LogOffset {
    if (position < 0) {
      throw new IllegalArgumentException("Invalid log position " + position);
    }
  }

  @Override
  public String toJson() {
    return MAPPER.createObjectNode().put(POSITION_FIELD, position).toString();
  }

  /**
   * Parses {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException when {@code json} is not such an offset
   */
  public static LogOffset fromJson(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      JsonNode position = node == null ? null : node.get(POSITION_FIELD);
      if (position == null || !position.canConvertToLong()) {
        throw new IllegalArgumentException("Not an HTTP stream log offset: " + json);
      }
      return new LogOffset(position.asLong());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not an HTTP stream log offset: " + json, e);
    }
  }
}
