package io.sluice.connector.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The byte parsers' word-at-a-time paths against plain references: {@link Long#parseLong} over the
 * trimmed text, {@code java.time} and the text parser for timestamps. Fields sit inside arrays
 * whose other bytes are digits too, so a word read past a field's end must not count them.
 */
class ByteParsersTest {
  private static final Pattern PLAIN_INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");
  private static final String CHARACTERS =
      "0123456789012345678901234567890123456789 -+./:;?@\t\u00c3";

  @Test
  void integersEqualLongParseLongOfTheTrimmedText() {
    Random random = new Random(17);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder field = new StringBuilder();
      int length = random.nextInt(21);
      for (int i = 0; i < length; i++) {
        boolean digitsOnly = random.nextInt(4) != 0;
        field.append(
            digitsOnly
                ? (char) ('0' + random.nextInt(10))
                : CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
      }
      String text = field.toString();
      String trimmed = text.trim();
      long expected =
          PLAIN_INTEGER.matcher(trimmed).matches() ? Long.parseLong(trimmed) : ByteParsers.NO_LONG;
      for (int after : new int[] {0, 3, 8, 16}) {
        Placed placed = place(text, random.nextInt(9), after, random);
        assertThat(ByteParsers.parseLong(placed.bytes, placed.offset, placed.length))
            .as("'%s' with %d bytes after it", text, after)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void digitsValueReadsOneToEightDigits() {
    for (String digits :
        new String[] {"0", "7", "42", "00000000", "12345678", "99999999", "1020"}) {
      byte[] word = (digits + "99999999").getBytes(StandardCharsets.US_ASCII);
      assertThat(ByteParsers.digitsValue(ByteWords.word(word, 0), digits.length()))
          .isEqualTo(Long.parseLong(digits));
    }
    byte[] notDigits = "12:4/678".getBytes(StandardCharsets.US_ASCII);
    assertThat(ByteParsers.digitsValue(ByteWords.word(notDigits, 0), 8)).isEqualTo(-1);
    assertThat(ByteParsers.digitsValue(ByteWords.word(notDigits, 0), 2)).isEqualTo(12);
    assertThat(ByteParsers.digitsValue(ByteWords.word(notDigits, 0), 3)).isEqualTo(-1);
  }

  @Test
  void leadingDigitsCountsTheDigitsBeforeAnyOtherByte() {
    Random random = new Random(43);
    for (int position = 0; position < Long.BYTES; position++) {
      for (int value = 0; value < 256; value++) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : (byte) ('0' + i);
        }
        bytes[position] = (byte) value;
        int expected = 0;
        while (expected < bytes.length && bytes[expected] >= '0' && bytes[expected] <= '9') {
          expected++;
        }
        assertThat(ByteParsers.leadingDigits(ByteWords.word(bytes, 0)))
            .as("byte %d at %d", value, position)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void dateTimesWithMillisEqualJavaTime() {
    Random random = new Random(23);
    for (int n = 0; n < 100_000; n++) {
      int year = random.nextInt(10_000);
      int month = 1 + random.nextInt(12);
      int day = 1 + random.nextInt(YearMonth.of(year, month).lengthOfMonth());
      LocalDateTime time =
          LocalDateTime.of(
              year,
              month,
              day,
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60),
              random.nextInt(1000) * 1_000_000);
      String text =
          String.format(
              "%04d-%02d-%02d%c%02d:%02d:%02d.%03d",
              year,
              month,
              day,
              random.nextBoolean() ? ' ' : 'T',
              time.getHour(),
              time.getMinute(),
              time.getSecond(),
              time.getNano() / 1_000_000);
      Placed placed = place(text, random.nextInt(9), 8, random);
      long expected = time.toInstant(ZoneOffset.UTC).toEpochMilli();
      assertThat(ByteParsers.parseTimestamp(placed.bytes, placed.offset, placed.length))
          .as(text)
          .isEqualTo(expected);
      // read by the three-word path itself, not by the general one after it declined
      assertThat(ByteParsers.parseDateTimeMillis(placed.bytes, placed.offset))
          .as(text)
          .isEqualTo(expected);
    }
  }

  @Test
  void alteredDateTimesAreDeclinedOrReadAsTheTextParserReadsThem() {
    Random random = new Random(29);
    String[] seeds = {
      "2015-07-15 00:01:10.000",
      "2024-02-29 23:59:59.999",
      "2026-02-28T12:30:45.123",
      "1969-12-31 23:59:59.999",
      "0000-01-01 00:00:00.000"
    };
    String replacements = "0123456789 -:.Tt/Zz\u00c3";
    for (int n = 0; n < 200_000; n++) {
      char[] text = seeds[random.nextInt(seeds.length)].toCharArray();
      int changes = 1 + random.nextInt(2);
      for (int c = 0; c < changes; c++) {
        text[random.nextInt(text.length)] =
            replacements.charAt(random.nextInt(replacements.length()));
      }
      String altered = new String(text);
      Long expected;
      try {
        expected = TemporalParser.parseTimestamp(altered.trim());
      } catch (IllegalArgumentException e) {
        expected = null;
      }
      for (int after : new int[] {0, 8}) {
        Placed placed = place(altered, random.nextInt(9), after, random);
        long parsed = ByteParsers.parseTimestamp(placed.bytes, placed.offset, placed.length);
        if (expected == null) {
          assertThat(parsed).as(altered).isEqualTo(ByteParsers.NO_LONG);
        } else if (parsed != ByteParsers.NO_LONG) {
          assertThat(parsed).as(altered).isEqualTo(expected);
        }
      }
    }
  }

  /** {@code text} (Latin-1) at {@code before} in an array with {@code after} bytes after it. */
  private static Placed place(String text, int before, int after, Random random) {
    byte[] field = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] bytes = new byte[before + field.length + after];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ('0' + random.nextInt(10));
    }
    System.arraycopy(field, 0, bytes, before, field.length);
    return new Placed(bytes, before, field.length);
  }

  private record Placed(byte[] bytes, int offset, int length) {}
}
