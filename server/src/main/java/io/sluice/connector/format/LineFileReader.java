package io.sluice.connector.format;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.connector.BadRecordHandler;
import io.sluice.spi.format.FileRowReader;
import io.sluice.spi.format.RowDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a UTF-8 file one record per non-blank line (JSON, CSV), dropping a leading byte-order mark
 * and, if asked, a header line; a bad record's position is its file and line.
 */
public final class LineFileReader implements FileRowReader {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final RowDecoder decoder;
  private final boolean skipHeader;

  public LineFileReader(RowDecoder decoder, boolean skipHeader) {
    this.decoder = requireNonNull(decoder, "decoder is null");
    this.skipHeader = skipHeader;
  }

  @Override
  public void read(Path file, BatchBuilder out, BadRecordHandler bad) throws IOException {
    int lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1) {
          if (skipHeader) {
            continue;
          }
          if (!line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
            line = line.substring(1);
          }
        }
        if (line.isBlank()) {
          continue;
        }
        try {
          decoder.decode(line, out);
          out.endRow();
        } catch (BadRecordException e) {
          out.discardRow();
          bad.onBadRecord("file '" + file + "' line " + lineNumber, line, e);
        }
      }
    }
  }
}
