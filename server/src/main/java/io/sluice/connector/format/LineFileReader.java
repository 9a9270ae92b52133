package io.sluice.connector.format;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.connector.BadRecordHandler;
import io.sluice.spi.format.FileRowReader;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.format.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a UTF-8 file one record per non-blank line (JSON, CSV), dropping a leading byte-order mark
 * and, if asked, a header line; a bad record's position is its file and line. Lines end at {@code
 * \n}, {@code \r\n} or {@code \r}, as {@link java.io.BufferedReader#readLine()} has them.
 *
 * <p>The file is streamed through a buffer and each line handed to the decoder as bytes, so no text
 * is built per line; a line that is not valid UTF-8 is a bad record of that line.
 */
public final class LineFileReader implements FileRowReader {
  private static final int BUFFER_SIZE = 1 << 20;

  private final RowDecoder decoder;
  private final boolean skipHeader;

  public LineFileReader(RowDecoder decoder, boolean skipHeader) {
    this.decoder = requireNonNull(decoder, "decoder is null");
    this.skipHeader = skipHeader;
  }

  @Override
  public void read(Path file, BatchBuilder out, BadRecordHandler bad) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      new Lines(file, out, bad).readFrom(in);
    }
  }

  /** The state of reading one file. */
  private final class Lines {
    private final Path file;
    private final BatchBuilder out;
    private final BadRecordHandler bad;
    private int lineNumber;
    // a '\r' ended the previous line, so a '\n' right after it ends nothing
    private boolean afterCr;

    Lines(Path file, BatchBuilder out, BadRecordHandler bad) {
      this.file = file;
      this.out = out;
      this.bad = bad;
    }

    void readFrom(InputStream in) throws IOException {
      byte[] buffer = new byte[BUFFER_SIZE];
      int filled = 0;
      while (true) {
        int n = in.read(buffer, filled, buffer.length - filled);
        if (n < 0) {
          break;
        }
        filled += n;
        int consumed = lines(buffer, filled);
        if (consumed == 0 && filled == buffer.length) {
          // one line longer than the buffer: grow it
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        } else if (consumed > 0) {
          System.arraycopy(buffer, consumed, buffer, 0, filled - consumed);
          filled -= consumed;
        }
      }
      if (filled > 0) {
        line(buffer, 0, filled);
      }
    }

    /** Handles the complete lines in {@code buffer[0, filled)}; answers the bytes they took. */
    private int lines(byte[] buffer, int filled) {
      int start = 0;
      for (int i = 0; i < filled; i++) {
        byte b = buffer[i];
        if (b == '\n' || b == '\r') {
          if (b == '\n' && afterCr && i == start) {
            afterCr = false;
            start = i + 1;
            continue;
          }
          line(buffer, start, i - start);
          afterCr = b == '\r';
          start = i + 1;
        } else {
          afterCr = false;
        }
      }
      return start;
    }

    private void line(byte[] bytes, int offset, int length) {
      lineNumber++;
      int from = offset;
      int size = length;
      if (lineNumber == 1) {
        if (skipHeader) {
          return;
        }
        if (size >= 3
            && bytes[from] == (byte) 0xEF
            && bytes[from + 1] == (byte) 0xBB
            && bytes[from + 2] == (byte) 0xBF) {
          from += 3;
          size -= 3;
        }
      }
      if (isBlank(bytes, from, size)) {
        return;
      }
      try {
        decoder.decode(bytes, from, size, out);
        out.endRow();
      } catch (BadRecordException e) {
        out.discardRow();
        bad.onBadRecord(
            "file '" + file + "' line " + lineNumber, Utf8.decodeLossy(bytes, from, size), e);
      }
    }
  }

  /** As {@link String#isBlank()} of the line's text, mostly from its first byte. */
  private static boolean isBlank(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b < 0) {
        // non-ASCII: Unicode spaces count as blank too
        try {
          return Utf8.decode(bytes, offset, length).isBlank();
        } catch (BadRecordException notUtf8) {
          return false;
        }
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }
}
