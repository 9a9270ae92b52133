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
}
