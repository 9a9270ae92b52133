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

  /**
   * Whether {@link #read(Path, long, long, BatchBuilder, BadRecordHandler)} reads part of a file: a
   * format of one record per line, which a source may cut anywhere.
   */
  default boolean readsRanges() {
    return false;
  }

  /**
   * Appends the rows of the records of {@code file} that start at or after byte {@code from} and
   * before byte {@code to}, as Hadoop splits line files: a record that starts in the range is read
   * whole, also past {@code to}, and the range after skips it. Ranges that meet ({@code [0, a)},
   * {@code [a, b)}, …) read every record once. Bad records are reported with their line in the
   * whole file.
   *
   * @throws UnsupportedOperationException unless {@link #readsRanges()}
   */
  default void read(Path file, long from, long to, BatchBuilder out, BadRecordHandler bad)
      throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " reads whole files");
  }
}
