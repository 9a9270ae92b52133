package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

/**
 * {@code WATERMARK FOR column AS column [- INTERVAL …] [ON LATE INTO stream]} of a stream.
 *
 * @param column the event-time column
 * @param expression the watermark expression as SQL text, e.g. {@code date_time - INTERVAL '4'
 *     SECOND}
 * @param delayMillis how far the watermark trails the largest event time seen
 * @param lateStream stream late rows go to, or null to drop (and count) them
 */
public record WatermarkSpec(String column, String expression, long delayMillis, String lateStream) {
  public WatermarkSpec {
    requireNonNull(column, "column is null");
    requireNonNull(expression, "expression is null");
    if (delayMillis < 0) {
      throw new IllegalArgumentException("watermark delay is negative: " + delayMillis);
    }
  }
}
