package io.sluice.spi.connector;

/**
 * Position in a source up to which rows have been planned into batches. Offsets are written to the
 * checkpoint before a batch runs, so {@link #toJson()} must capture everything needed to re-read
 * exactly the same rows.
 */
public interface SourceOffset {
  /**
   * Serialised form; the source that made it parses it back with {@link StreamSource#parseOffset}.
   */
  String toJson();
}
