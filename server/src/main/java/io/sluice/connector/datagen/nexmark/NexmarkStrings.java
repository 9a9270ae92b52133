package io.sluice.connector.datagen.nexmark;

import java.nio.charset.StandardCharsets;

/** Random text for Nexmark's string fields: words of lower-case letters and padding. */
final class NexmarkStrings {
  private static final int MIN_STRING_LENGTH = 3;

  /** Held as one Latin-1 string: a substring is a plain copy, with no charset decoding. */
  private static final String LETTER_POOL =
      new String(letterPool(1 << 16), StandardCharsets.ISO_8859_1);

  private NexmarkStrings() {}

  private static byte[] letterPool(int size) {
    NexmarkRandom random = new NexmarkRandom(0x6c657474657273L);
    byte[] letters = new byte[size];
    for (int i = 0; i < size; i++) {
      letters[i] = (byte) ('a' + random.nextInt(26));
    }
    return letters;
  }

  /**
   * A string of 3 to {@code maxLength - 1} characters, letters with about one in 13 replaced by
   * {@code space}; leading and trailing blanks trimmed.
   */
  static String nextString(NexmarkRandom random, int maxLength, char space) {
    char[] chars = new char[MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH)];
    drawLetters(random, space, chars.length, chars);
    return new String(chars).trim();
  }

  /**
   * Makes the draws of {@link #nextString} without spelling the string: for a field no one reads,
   * whose length still counts towards the padding. Returns the length it would have.
   */
  static int skipString(NexmarkRandom random, int maxLength, char space) {
    int length = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH);
    return drawLetters(random, space, length, null);
  }

  /**
   * Draws {@code length} letters, each {@code space} one time in 13, into {@code chars} unless it
   * is null; returns how many are left once leading and trailing blanks go, as {@link String#trim}
   * drops them.
   */
  private static int drawLetters(NexmarkRandom random, char space, int length, char[] chars) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < length; i++) {
      char letter = random.nextInt(13) == 0 ? space : (char) ('a' + random.nextInt(26));
      if (chars != null) {
        chars[i] = letter;
      }
      if (letter > ' ') {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    return first < 0 ? 0 : last - first + 1;
  }

  /**
   * Padding that brings an event of {@code currentSize} bytes to {@code averageSize} on average,
   * varying by ±20%, as a window of the letter pool ({@link #text} spells it): a source copies the
   * letters only for the rows a query reads.
   */
  static long nextExtraWindow(NexmarkRandom random, int currentSize, int averageSize) {
    if (currentSize > averageSize) {
      return 0;
    }
    int wanted = averageSize - currentSize;
    int delta = (int) Math.round(wanted * 0.2);
    int size = wanted - delta + (delta == 0 ? 0 : random.nextInt(2 * delta));
    return nextWindow(random, size);
  }

  /**
   * A window of exactly {@code length} letters at a random offset of a fixed pool of random letters
   * (the offset and length in one long): one draw, where a letter at a time made padding most of
   * the generator's cost; no query looks at more than which letters occur.
   */
  private static long nextWindow(NexmarkRandom random, int length) {
    if (length > LETTER_POOL.length()) {
      throw new IllegalArgumentException(
          "At most " + LETTER_POOL.length() + " letters, not " + length);
    }
    int offset = random.nextInt(LETTER_POOL.length() - length + 1);
    return ((long) offset << 32) | length;
  }

  /** The letters of a window {@link #nextExtraWindow} drew; 0 is the empty text. */
  static String text(long window) {
    int offset = (int) (window >>> 32);
    return LETTER_POOL.substring(offset, offset + (int) window);
  }
}
