package io.sluice.spi.format;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordHandler;
import java.io.IOException;
import java.nio.file.Path;

/** Reads the rows of one file of a files source in its format, handing bad records on. */
public interface FileRowReader {
  /**
   * Appends the rows of {@code file} to {@code out}; each record that cannot be decoded goes to
   * {@code bad} with its position, and the row is dropped.
   *
   * @throws IOException when the file cannot be read at all and the format cannot say which record
   *     is bad (e.g. it disappeared)
   */
  void read(Path file, BatchBuilder out, BadRecordHandler bad) throws IOException;
}
