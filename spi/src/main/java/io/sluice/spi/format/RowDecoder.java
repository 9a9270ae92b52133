package io.sluice.spi.format;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;

/**
 * Decodes one serialised record (a JSON object, a CSV line, ...) into the columns of the current
 * row of a {@link BatchBuilder}. The caller ends the row with {@link BatchBuilder#endRow()} on
 * success and drops it with {@link BatchBuilder#discardRow()} after a {@link BadRecordException}.
 * Implementations are thread-safe.
 */
public interface RowDecoder {
  /** Writes the columns of one row decoded from {@code record}; columns left unwritten are NULL. */
  void decode(String record, BatchBuilder out) throws BadRecordException;

  /**
   * As {@link #decode(String, BatchBuilder)}, from the record's UTF-8 bytes {@code bytes[offset,
   * offset + length)} (a line of a file, a Kafka value); bytes that are not UTF-8 make it a bad
   * record. Formats override it to decode without building the record's text.
   */
  default void decode(byte[] bytes, int offset, int length, BatchBuilder out)
      throws BadRecordException {
    decode(Utf8.decode(bytes, offset, length), out);
  }
}
