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
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  // little-endian: the lowest byte of a long is the first in the file
  private static final long LF = ByteWords.broadcast('\n');
  private static final long CR = ByteWords.broadcast('\r');

  private final RowDecoder decoder;
  private final boolean skipHeader;
  private final int bufferSize;

  public LineFileReader(RowDecoder decoder, boolean skipHeader) {
    this(decoder, skipHeader, BUFFER_SIZE);
  }

  /** A reader with a buffer of {@code bufferSize} bytes at first (grown for longer lines). */
  LineFileReader(RowDecoder decoder, boolean skipHeader, int bufferSize) {
    this.decoder = requireNonNull(decoder, "decoder is null");
    this.skipHeader = skipHeader;
    this.bufferSize = bufferSize;
  }

  @Override
  public void read(Path file, BatchBuilder out, BadRecordHandler bad) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      new Lines(file, out, bad, 0, Long.MAX_VALUE).readFrom(in);
    }
  }

  @Override
  public boolean readsRanges() {
    return true;
  }

  @Override
  public void read(Path file, long from, long to, BatchBuilder out, BadRecordHandler bad)
      throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      // from the byte before: a line break there means a line starts at from
      channel.position(from == 0 ? 0 : from - 1);
      new Lines(file, out, bad, from, to).readFrom(Channels.newInputStream(channel));
    }
  }

  /** The state of reading one file, or the lines starting in a range of it. */
  private final class Lines {
    private final Path file;
    private final BatchBuilder out;
    private final BadRecordHandler bad;
    private final long from;
    private final long to;
    // what is read first ends at the first line break at or after from - 1: the range before
    // reads the line it belongs to
    private boolean skipFirst;
    // a line starting after the range was met: nothing more is read
    private boolean done;
    // file position of buffer[0]
    private long base;
    private long firstLineStart = -1;
    private long linesBefore = -1;
    private int lineNumber;
    // a '\r' ended the data read so far, so a '\n' first in the next read ends nothing
    private boolean afterCr;

    Lines(Path file, BatchBuilder out, BadRecordHandler bad, long from, long to) {
      this.file = file;
      this.out = out;
      this.bad = bad;
      this.from = from;
      this.to = to;
      this.skipFirst = from > 0;
      this.base = from == 0 ? 0 : from - 1;
    }

    void readFrom(InputStream in) throws IOException {
      byte[] buffer = new byte[bufferSize];
      int filled = 0;
      while (!done) {
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
          base += consumed;
        }
      }
      if (filled > 0 && !done) {
        line(buffer, 0, filled);
      }
    }

    /** Handles the complete lines in {@code buffer[0, filled)}; answers the bytes they took. */
    private int lines(byte[] buffer, int filled) {
      int start = 0;
      if (afterCr) {
        if (filled == 0) {
          return 0;
        }
        if (buffer[0] == '\n') {
          start = 1;
        }
        afterCr = false;
      }
      while (!done) {
        int end = decodedLine(buffer, start, filled);
        if (end < 0) {
          end = nextLineBreak(buffer, start, filled);
          if (end < 0) {
            return start;
          }
          line(buffer, start, end - start);
        }
        if (buffer[end] == '\r') {
          if (end + 1 == filled) {
            // whether a '\n' follows is up to the next read
            afterCr = true;
            return filled;
          }
          start = buffer[end + 1] == '\n' ? end + 2 : end + 1;
        } else {
          start = end + 1;
        }
      }
      return start;
    }

    /**
     * Has the decoder find the end of the line at {@code offset} as it decodes it, for a line that
     * needs none of {@link #line}'s care: neither before nor after the range, not the first
     * (header, byte-order mark), not blank (its first byte is visible). Answers the line break's
     * index, or -1 when the line is left to {@link #line}.
     */
    private int decodedLine(byte[] bytes, int offset, int filled) {
      // a signed byte: non-ASCII first bytes (a Unicode space perhaps) take the careful way too
      if (offset >= filled
          || skipFirst
          || lineNumber == 0
          || bytes[offset] <= ' '
          || base + offset >= to) {
        return -1;
      }
      int end = decoder.decodeLine(bytes, offset, filled, out);
      if (end < 0) {
        out.discardRow();
        return -1;
      }
      lineNumber++;
      out.endRow();
      return end;
    }

    private void line(byte[] bytes, int offset, int length) {
      if (skipFirst) {
        skipFirst = false;
        return;
      }
      long lineStart = base + offset;
      if (lineStart >= to) {
        done = true;
        return;
      }
      if (firstLineStart < 0) {
        firstLineStart = lineStart;
      }
      lineNumber++;
      int at = offset;
      int size = length;
      if (lineNumber == 1 && this.from == 0) {
        if (skipHeader) {
          return;
        }
        if (size >= 3
            && bytes[at] == (byte) 0xEF
            && bytes[at + 1] == (byte) 0xBB
            && bytes[at + 2] == (byte) 0xBF) {
          at += 3;
          size -= 3;
        }
      }
      if (isBlank(bytes, at, size)) {
        return;
      }
      try {
        decoder.decode(bytes, at, size, out);
        out.endRow();
      } catch (BadRecordException e) {
        out.discardRow();
        bad.onBadRecord(
            "file '" + file + "' line " + (linesBefore() + lineNumber),
            Utf8.decodeLossy(bytes, at, size),
            e);
      }
    }

    /** Lines of the file before the range's first: counted only when a bad record needs it. */
    private long linesBefore() {
      if (linesBefore < 0) {
        try {
          linesBefore = firstLineStart == 0 ? 0 : countLines(file, firstLineStart);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return linesBefore;
    }
  }

  /**
   * The lines that start before byte {@code end} of {@code file}, a line start itself: its line
   * breaks there, a {@code \r\n} counted once.
   */
  static long countLines(Path file, long end) throws IOException {
    long lines = 0;
    boolean afterCr = false;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      long position = 0;
      while (position < end) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, end - position));
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            if (!afterCr) {
              lines++;
            }
            afterCr = false;
          } else if (b == '\r') {
            lines++;
            afterCr = true;
          } else {
            afterCr = false;
          }
        }
        position += n;
      }
    }
    return lines;
  }

  /**
   * Position of the first {@code \n} or {@code \r} in {@code bytes[from, end)}, or -1; eight bytes
   * at a time (the zero-byte test of "Bit Twiddling Hacks"), since most of a file is not line
   * breaks.
   */
  static int nextLineBreak(byte[] bytes, int from, int end) {
    int i = from;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long word = ByteWords.word(bytes, i);
      long found = ByteWords.equalBytes(word, LF) | ByteWords.equalBytes(word, CR);
      if (found != 0) {
        return i + ByteWords.firstMarked(found);
      }
    }
    for (; i < end; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        return i;
      }
    }
    return -1;
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
