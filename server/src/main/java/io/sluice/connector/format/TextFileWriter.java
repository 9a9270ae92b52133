package io.sluice.connector.format;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.format.FileFormatWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A line-oriented text format (JSON lines, CSV without header): a file is its records one after
 * another, so files merge by concatenation.
 */
abstract class TextFileWriter implements FileFormatWriter {
  /** The records of {@code rows} as UTF-8 text, each ending with a newline. */
  abstract byte[] encode(Batch rows) throws IOException;

  @Override
  public final void write(Batch rows, Path file) throws IOException {
    Files.write(file, encode(rows));
  }

  @Override
  public final void merge(List<Path> parts, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      for (Path part : parts) {
        Files.copy(part, out);
      }
    }
  }
}
