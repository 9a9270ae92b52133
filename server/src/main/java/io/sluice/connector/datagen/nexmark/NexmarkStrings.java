package io.sluice.connector.datagen.nexmark;

import java.util.SplittableRandom;

/** Random text for Nexmark's string fields: words of lower-case letters and padding. */
final class NexmarkStrings {
  private static final int MIN_STRING_LENGTH = 3;

  private NexmarkStrings() {
  }

  /**
   * A string of 3 to {@code maxLength - 1} characters, letters with about one in 13 replaced by
   * {@code space}; leading and trailing blanks trimmed.
   */
  static String nextString(SplittableRandom random, int maxLength, char space) {
    int length = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH);
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = random.nextInt(13) == 0 ? space : (char) ('a' + random.nextInt(26));
    }
    return new String(chars).trim();
  }

  /** Exactly {@code length} letters, six per random int since that is cheaper than one each. */
  static String nextExactString(SplittableRandom random, int length) {
    char[] chars = new char[length];
    int bits = 0;
    int left = 0;
    for (int i = 0; i < length; i++) {
      if (left == 0) {
        bits = random.nextInt() >>> 1;
        left = 6;
      }
      chars[i] = (char) ('a' + bits % 26);
      bits /= 26;
      left--;
    }
    return new String(chars);
  }

  /**
   * Padding that brings an event of {@code currentSize} bytes to {@code averageSize} on average,
   * varying by ±20%.
   */
  static String nextExtra(SplittableRandom random, int currentSize, int averageSize) {
    if (currentSize > averageSize) {
      return "";
    }
    int wanted = averageSize - currentSize;
    int delta = (int) Math.round(wanted * 0.2);
    int size = wanted - delta + (delta == 0 ? 0 : random.nextInt(2 * delta));
    return nextExactString(random, size);
  }
}
