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
  /** What {@link #decodeLine} answers when it leaves the line to the reader and {@link #decode}. */
  int LINE_NOT_DECODED = -1;

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

  /**
   * Decodes the line that starts at {@code bytes[offset]} and ends at the first {@code \n} or
   * {@code \r} before {@code limit}, finding that end in the same pass that splits the line: a line
   * reader then need not look for it first. Answers the index of the line break, or {@link
   * #LINE_NOT_DECODED} when no line break comes before {@code limit} or the line needs {@link
   * #decode(byte[], int, int, BatchBuilder)} (its bad records included); the caller then drops what
   * was written ({@link BatchBuilder#discardRow()}). By default every line is left to {@code
   * decode}.
   */
  default int decodeLine(byte[] bytes, int offset, int limit, BatchBuilder out) {
    return LINE_NOT_DECODED;
  }
}
