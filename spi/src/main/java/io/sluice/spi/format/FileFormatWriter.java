package io.sluice.spi.format;

import io.sluice.spi.batch.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** How the files sink encodes rows into files of one format, and combines such files. */
public interface FileFormatWriter {
  /** File-name extension, without the dot. */
  String extension();

  /** Writes {@code rows} as the complete file {@code file}, replacing it if it exists. */
  void write(Batch rows, Path file) throws IOException;

  /**
   * Writes the rows of {@code parts} (files this format wrote), in order, as the single file {@code
   * file}, replacing it if it exists.
   */
  void merge(List<Path> parts, Path file) throws IOException;
}
