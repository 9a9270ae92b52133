package io.sluice.spi.format;

import io.sluice.spi.batch.Batch;

/** Encodes one row (some of its columns) as one record, e.g. a Kafka value or key. */
public interface RowEncoder {
  byte[] encode(Batch rows, int row);
}
