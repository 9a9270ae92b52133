package io.sluice.spi.format;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;

/**
 * Decodes one binary record (an Avro datum in a Kafka value, …) into the current row of a {@link
 * BatchBuilder}, as {@link RowDecoder} does for text records.
 */
public interface BinaryRowDecoder {
  /** Writes the columns of one row decoded from {@code record}; columns left unwritten are NULL. */
  void decode(byte[] record, BatchBuilder out) throws BadRecordException;
}
