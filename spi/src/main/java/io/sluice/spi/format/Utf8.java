package io.sluice.spi.format;

import io.sluice.spi.connector.BadRecordException;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for decoders reading bytes: a record's text, or a bad record naming the first byte
 * that is not UTF-8 (the JDK's lenient decoding would silently turn it into U+FFFD).
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The text of {@code bytes[offset, offset + length)}.
   *
   * @throws BadRecordException when the bytes are not well-formed UTF-8
   */
  public static String decode(byte[] bytes, int offset, int length) throws BadRecordException {
    return decode(bytes, offset, length, "the record");
  }

  /**
   * The text of {@code bytes[offset, offset + length)}, part of a record.
   *
   * @param what the part, for the message, e.g. {@code Column 'name'}
   * @throws BadRecordException when the bytes are not well-formed UTF-8
   */
  public static String decode(byte[] bytes, int offset, int length, String what)
      throws BadRecordException {
    int end = offset + length;
    int i = offset;
    while (i < end && bytes[i] >= 0) {
      i++;
    }
    if (i == end) {
      // all ASCII: Latin-1 decoding is a plain copy into a compact string
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    int invalid = firstInvalid(bytes, i, end);
    if (invalid >= 0) {
      throw invalid(what, bytes, offset, invalid);
    }
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * Checks that {@code bytes[offset, offset + length)} is well-formed UTF-8, without decoding it.
   *
   * @throws BadRecordException when it is not
   */
  public static void check(byte[] bytes, int offset, int length) throws BadRecordException {
    check(bytes, offset, length, "the record");
  }

  /**
   * Checks that {@code bytes[offset, offset + length)}, part of a record, is well-formed UTF-8.
   *
   * @param what the part, for the message, e.g. {@code Column 'name'}
   * @throws BadRecordException when it is not
   */
  public static void check(byte[] bytes, int offset, int length, String what)
      throws BadRecordException {
    int end = offset + length;
    int i = offset;
    while (i < end && bytes[i] >= 0) {
      i++;
    }
    if (i < end) {
      int invalid = firstInvalid(bytes, i, end);
      if (invalid >= 0) {
        throw invalid(what, bytes, offset, invalid);
      }
    }
  }

  /** Whether every byte of the range is ASCII. */
  public static boolean isAscii(byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** The text with each byte that is not UTF-8 replaced by U+FFFD, e.g. for a dead letter. */
  public static String decodeLossy(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  private static BadRecordException invalid(String what, byte[] bytes, int offset, int at) {
    return new BadRecordException(
        String.format(
            java.util.Locale.ROOT,
            "%s is not valid UTF-8: byte 0x%02X at byte %d",
            what,
            bytes[at] & 0xFF,
            at - offset + 1));
  }

  /** Position of the first byte of an ill-formed sequence, or -1 (Unicode table 3-7). */
  private static int firstInvalid(byte[] b, int from, int end) {
    int i = from;
    while (i < end) {
      int b0 = b[i];
      if (b0 >= 0) {
        i++;
        continue;
      }
      b0 &= 0xFF;
      int need;
      int min2 = 0x80;
      int max2 = 0xBF;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0) {
          min2 = 0xA0; // overlong
        } else if (b0 == 0xED) {
          max2 = 0x9F; // surrogates
        }
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0) {
          min2 = 0x90; // overlong
        } else if (b0 == 0xF4) {
          max2 = 0x8F; // beyond U+10FFFF
        }
      } else {
        return i;
      }
      if (i + need >= end) {
        return i;
      }
      int b1 = b[i + 1] & 0xFF;
      if (b1 < min2 || b1 > max2) {
        return i;
      }
      for (int k = 2; k <= need; k++) {
        int bk = b[i + k] & 0xFF;
        if (bk < 0x80 || bk > 0xBF) {
          return i;
        }
      }
      i += need + 1;
    }
    return -1;
  }
}
