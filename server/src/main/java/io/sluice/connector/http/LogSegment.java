package io.sluice.connector.http;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One file of a stream's log: the records from position {@code base} on, {@code bytes} long (what
 * was written, durable or not yet).
 *
 * @param base the log position of the segment's first byte, also its file name
 * @param file the segment's file
 * @param bytes its length
 * @param lastWrite when it was last written (epoch milliseconds), for retention by age
 */
record LogSegment(long base, Path file, long bytes, long lastWrite) {
  static final String SUFFIX = ".log";

  LogSegment {
    requireNonNull(file, "file is null");
    if (base < 0 || bytes < 0) {
      throw new IllegalArgumentException("Invalid segment " + file);
    }
  }

  /** The position just past its last byte. */
  long end() {
    return base + bytes;
  }

  static String fileName(long base) {
    return String.format("%020d%s", base, SUFFIX);
  }

  /** The base position a segment file's name holds, or -1 if it is not a segment's name. */
  static long parseBase(String fileName) {
    if (!fileName.endsWith(SUFFIX) || fileName.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(fileName.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  LogSegment withBytes(long newBytes, long when) {
    return new LogSegment(base, file, newBytes, when);
  }
}
