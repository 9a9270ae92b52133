package io.sluice.connector.format;

/**
 * Parses the common forms of numbers and timestamps straight from a record's bytes, with no text or
 * {@code java.time} object per value. Each parser answers a sentinel for anything it does not take
 * — other forms, values at the edge of a type's range, malformed input — and the caller then parses
 * the text the general way, so every value ends the same as if parsed from text and every error
 * reads the same.
 */
final class ByteParsers {
  /** Answered by {@link #parseLong} and {@link #parseTimestamp} when they do not take the input. */
  static final long NO_LONG = Long.MIN_VALUE;

  /** Answered by {@link #parseDouble} when it does not take the input. */
  static final double NO_DOUBLE = Double.NaN;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** {@code 10^n} for n up to 8, to join two words' digits. */
  private static final long[] POWERS_OF_TEN_LONG = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  // The fast timestamp form, yyyy-MM-dd HH:mm:ss.SSS, read as the words at 0, 8 and 15: the
  // separators each word must hold (masks, then bytes) and its digits' bytes (masks).
  private static final int DATE_TIME_MILLIS_LENGTH = 23;
  private static final long ZEROS = 0x3030303030303030L;
  private static final long SIXES = 0x0606060606060606L;
  private static final long HIGH_HALVES = 0xF0F0F0F0F0F0F0F0L;
  private static final long DATE_SEPARATORS = 0xFF0000FF00000000L;
  private static final long DATE_SEPARATOR_BYTES = 0x2D00002D00000000L; // '-' at 4 and 7
  private static final long DATE_DIGITS = 0x00FFFF00FFFFFFFFL;
  private static final long TIME_SEPARATORS = 0x0000FF0000000000L;
  private static final long TIME_SEPARATOR_BYTES = 0x00003A0000000000L; // ':' at 5
  private static final long TIME_DIGITS = 0xFFFF00FFFF00FFFFL;
  private static final long REST_SEPARATORS = 0x000000FF0000FF00L;
  private static final long REST_SEPARATOR_BYTES = 0x0000002E00003A00L; // ':' at 1, '.' at 4
  private static final long REST_DIGITS = 0xFFFFFF00FFFF00FFL;

  /** Powers of ten a double holds exactly, for the exact fast path of {@link #parseDouble}. */
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  private ByteParsers() {}

  /** An integer of at most 18 digits, optionally signed and surrounded by spaces; else NO_LONG. */
  static long parseLong(byte[] b, int offset, int length) {
    // the common form, bare digits, eight at a time where the array has the words to read
    if (length <= Long.BYTES) {
      if (length > 0 && offset + Long.BYTES <= b.length) {
        long value = digitsValue(ByteWords.word(b, offset), length);
        if (value >= 0) {
          return value;
        }
      }
    } else if (length <= 2 * Long.BYTES && offset + 2 * Long.BYTES <= b.length) {
      long high = digitsValue(ByteWords.word(b, offset), Long.BYTES);
      long low = digitsValue(ByteWords.word(b, offset + Long.BYTES), length - Long.BYTES);
      if ((high | low) >= 0) {
        return high * POWERS_OF_TEN_LONG[length - Long.BYTES] + low;
      }
    }
    int i = offset;
    int end = trimEnd(b, offset, offset + length);
    i = trimStart(b, i, end);
    if (i == end) {
      return NO_LONG;
    }
    boolean negative = false;
    if (b[i] == '-' || b[i] == '+') {
      negative = b[i] == '-';
      i++;
    }
    int digits = end - i;
    if (digits == 0 || digits > 18) {
      return NO_LONG;
    }
    long value = 0;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return NO_LONG;
      }
      value = value * 10 + d;
    }
    return negative ? -value : value;
  }

  /**
   * A decimal {@code [-]digits[.digits]} of at most 15 significant digits, which a double holds
   * exactly, so one division by a power of ten rounds it correctly (as {@link Double#parseDouble});
   * else NO_DOUBLE.
   */
  static double parseDouble(byte[] b, int offset, int length) {
    int end = trimEnd(b, offset, offset + length);
    int i = trimStart(b, offset, end);
    if (i == end) {
      return NO_DOUBLE;
    }
    boolean negative = false;
    if (b[i] == '-' || b[i] == '+') {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    boolean anyDigit = false;
    int fractionDigits = -1;
    for (; i < end; i++) {
      byte ch = b[i];
      if (ch == '.') {
        if (fractionDigits >= 0) {
          return NO_DOUBLE;
        }
        fractionDigits = 0;
        continue;
      }
      int d = ch - '0';
      if (d < 0 || d > 9) {
        return NO_DOUBLE;
      }
      anyDigit = true;
      mantissa = mantissa * 10 + d;
      if (mantissa != 0 && ++digits > 15) {
        return NO_DOUBLE;
      }
      if (fractionDigits >= 0) {
        fractionDigits++;
      }
    }
    if (fractionDigits == 0 || fractionDigits >= POWERS_OF_TEN.length) {
      return NO_DOUBLE; // "1." or "-.": leave the edge cases to the JDK
    }
    if (!anyDigit) {
      return NO_DOUBLE;
    }
    double value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
    return negative ? -value : value;
  }

  /**
   * Epoch millis of {@code yyyy-MM-dd[( |T)HH:mm[:ss[.fraction]]][Z]} (UTC) or of epoch
   * milliseconds of at most 18 digits, surrounded by spaces or not; else NO_LONG (zone offsets,
   * invalid dates and times, malformed text).
   */
  static long parseTimestamp(byte[] b, int offset, int length) {
    if (length == DATE_TIME_MILLIS_LENGTH) {
      long millis = parseDateTimeMillis(b, offset);
      if (millis != NO_LONG) {
        return millis;
      }
    }
    int end = trimEnd(b, offset, offset + length);
    int i = trimStart(b, offset, end);
    int n = end - i;
    if (n < 10 || b[i + 4] != '-') {
      // epoch millis; the text path takes no '+' there
      return n > 0 && n <= 19 && b[i] != '+' ? parseLong(b, i, n) : NO_LONG;
    }
    int year = digits(b, i, 4);
    int month = digits(b, i + 5, 2);
    int day = digits(b, i + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || b[i + 7] != '-') {
      return NO_LONG;
    }
    if (day > daysInMonth(year, month)) {
      return NO_LONG;
    }
    long millis = epochDay(year, month, day) * MILLIS_PER_DAY;
    i += 10;
    if (i == end) {
      return millis;
    }
    byte separator = b[i];
    if ((separator != ' ' && separator != 'T' && separator != 't') || end - i < 6) {
      return NO_LONG;
    }
    int hour = digits(b, i + 1, 2);
    int minute = digits(b, i + 4, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || b[i + 3] != ':') {
      return NO_LONG;
    }
    i += 6;
    int second = 0;
    int fraction = 0;
    if (i < end && b[i] == ':') {
      second = end - i >= 3 ? digits(b, i + 1, 2) : -1;
      if (second < 0 || second > 59) {
        return NO_LONG;
      }
      i += 3;
      if (i < end && b[i] == '.') {
        i++;
        int start = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
          if (i - start < 3) {
            fraction = fraction * 10 + (b[i] - '0');
          }
          i++;
        }
        int count = i - start;
        if (count == 0 || count > 9) {
          return NO_LONG;
        }
        for (int k = count; k < 3; k++) {
          fraction *= 10;
        }
      }
    }
    if (i < end && (b[i] == 'Z' || b[i] == 'z')) {
      i++;
    }
    if (i != end) {
      return NO_LONG;
    }
    return millis + ((hour * 60L + minute) * 60L + second) * 1000L + fraction;
  }

  /**
   * Epoch millis of exactly {@code yyyy-MM-dd HH:mm:ss.SSS} (or with {@code T} between date and
   * time) at {@code at}, the form the sinks write, checked and read from three words; else NO_LONG,
   * and {@link #parseTimestamp}'s general path decides.
   */
  static long parseDateTimeMillis(byte[] b, int at) {
    long date = ByteWords.word(b, at); // yyyy-MM-
    long time = ByteWords.word(b, at + 8); // dd HH:mm
    long rest = ByteWords.word(b, at + 15); // m:ss.SSS
    if ((date & DATE_SEPARATORS) != DATE_SEPARATOR_BYTES
        || (time & TIME_SEPARATORS) != TIME_SEPARATOR_BYTES
        || (rest & REST_SEPARATORS) != REST_SEPARATOR_BYTES
        || !digitsAt(date, DATE_DIGITS)
        || !digitsAt(time, TIME_DIGITS)
        || !digitsAt(rest, REST_DIGITS)) {
      return NO_LONG;
    }
    int separator = (int) (time >>> 16) & 0xFF;
    if (separator != ' ' && separator != 'T' && separator != 't') {
      return NO_LONG;
    }
    // digits only: a separator below '0' would borrow from the byte after it
    date -= ZEROS & DATE_DIGITS;
    time -= ZEROS & TIME_DIGITS;
    rest -= ZEROS & REST_DIGITS;
    int year = twoDigits(date, 0) * 100 + twoDigits(date, 2);
    int month = twoDigits(date, 5);
    int day = twoDigits(time, 0);
    int hour = twoDigits(time, 3);
    int minute = twoDigits(time, 6);
    int second = twoDigits(rest, 2);
    int millis = twoDigits(rest, 5) * 10 + (int) (rest >>> 56); // the top byte: no mask
    if (month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return NO_LONG;
    }
    return epochDay(year, month, day) * MILLIS_PER_DAY
        + ((hour * 60L + minute) * 60L + second) * 1000L
        + millis;
  }

  /** The two digits (less '0') at bytes {@code index} and {@code index + 1} of {@code word}. */
  private static int twoDigits(long word, int index) {
    return ((int) (word >>> (index * 8)) & 0xFF) * 10 + ((int) (word >>> (index * 8 + 8)) & 0xFF);
  }

  /** Whether every byte {@code mask} covers (0xFF) is an ASCII digit. */
  private static boolean digitsAt(long word, long mask) {
    long zeros = ZEROS & mask;
    long x = word & mask;
    // '0'..'9' are 0x30..0x39: high half 3, and adding 6 leaves it 3
    return (x & HIGH_HALVES) == zeros && ((x + SIXES) & HIGH_HALVES) == zeros;
  }

  /** How many of the first bytes of {@code word} (read little-endian) are ASCII digits, 0 to 8. */
  static int leadingDigits(long word) {
    long x = word ^ ZEROS; // a digit's byte becomes its value, 0 to 9
    // a high bit for each byte from 10 up (a carry past the first marks only bytes after it)
    long notDigits = ((x + 0x7676767676767676L) | x) & ByteWords.HIGH_BITS;
    return Long.numberOfTrailingZeros(notDigits) >>> 3;
  }

  /**
   * The value of the {@code length} (1 to 8) decimal digits at the start of {@code word} (read
   * little-endian, so its first byte is the lowest), or -1 if one is not a digit. The digits are
   * moved to the word's top, the bytes below them being leading zeros, and combined in three
   * multiplications: pairs, then fours, then all eight (Lemire's eight-digit parse).
   */
  static long digitsValue(long word, int length) {
    int unused = (Long.BYTES - length) * 8;
    return digitsAt(word << unused, -1L << unused) ? valueOfDigits(word, length) : -1;
  }

  /**
   * {@link #digitsValue} for {@code length} bytes the caller knows are digits (as {@link
   * #leadingDigits} counts them), without checking them again.
   */
  static long valueOfDigits(long word, int length) {
    int unused = (Long.BYTES - length) * 8;
    long v = (word << unused) - (ZEROS & (-1L << unused));
    v = (v * (10 * 256 + 1)) >>> 8 & 0x00FF00FF00FF00FFL;
    v = (v * (100 * 65536 + 1)) >>> 16 & 0x0000FFFF0000FFFFL;
    return (v * (10000L * (1L << 32) + 1)) >>> 32;
  }

  /** Days since 1970-01-01 of a valid proleptic Gregorian date (Hinnant's days_from_civil). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** The value of {@code count} decimal digits at {@code at}, or -1 if one is not a digit. */
  private static int digits(byte[] b, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  // as String.trim: every byte up to the space, all of them ASCII
  private static int trimStart(byte[] b, int from, int end) {
    int i = from;
    while (i < end && b[i] >= 0 && b[i] <= ' ') {
      i++;
    }
    return i;
  }

  private static int trimEnd(byte[] b, int from, int end) {
    int e = end;
    while (e > from && b[e - 1] >= 0 && b[e - 1] <= ' ') {
      e--;
    }
    return e;
  }
}
