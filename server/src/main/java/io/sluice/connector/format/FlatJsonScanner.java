package io.sluice.connector.format;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.format.Utf8;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the common JSON record, a flat object of strings without escapes, numbers, booleans and
 * nulls, straight from its bytes: no text of the line, no parser object, no {@code String} per
 * field name. It declines (answers false, perhaps having written some columns, which the caller
 * overwrites) whatever it does not take — nesting, escapes, control characters, numbers of more
 * than 18 digits, any syntax error, any bad value — so that Jackson parses those lines and every
 * error reads as it always did. What it takes it writes through the same {@link FieldWriter} calls
 * as the Jackson path, in the same order, so values end the same.
 */
final class FlatJsonScanner {
  /** Set in {@link #stringEnd}'s answer for a string with a byte beyond ASCII. */
  private static final long NOT_ASCII = 1L << 32;

  private static final long PAST_QUOTE_WORD = ByteWords.broadcast('"' + 1);
  private static final long BACKSLASH_WORD = ByteWords.broadcast('\\');

  private FlatJsonScanner() {}

  /** Decodes {@code bytes[offset, offset + length)} into {@code out}'s current row, or declines. */
  static boolean decode(
      JsonRowDecoder decoder, byte[] bytes, int offset, int length, BatchBuilder out) {
    int end = offset + length;
    try {
      int after = scan(decoder, bytes, offset, end, false, out);
      return after >= 0 && skipSpace(bytes, after, end, false) == end;
    } catch (BadRecordException | RuntimeException e) {
      // a bad value (or one the writers refuse): the Jackson path reports it in its own words
      return false;
    }
  }

  /**
   * Decodes the line at {@code offset} (an object alone on its line, ending at the first line break
   * before {@code limit}) into {@code out}'s current row; answers the line break's index, or {@link
   * RowDecoder#LINE_NOT_DECODED} to decline, as {@link #decode} does, or when no line break comes
   * before {@code limit}.
   */
  static int decodeLine(
      JsonRowDecoder decoder, byte[] bytes, int offset, int limit, BatchBuilder out) {
    try {
      int after = scan(decoder, bytes, offset, limit, true, out);
      if (after < 0) {
        return RowDecoder.LINE_NOT_DECODED;
      }
      int lineEnd = skipSpace(bytes, after, limit, true);
      return lineEnd < limit && (bytes[lineEnd] == '\n' || bytes[lineEnd] == '\r')
          ? lineEnd
          : RowDecoder.LINE_NOT_DECODED;
    } catch (BadRecordException | RuntimeException e) {
      return RowDecoder.LINE_NOT_DECODED;
    }
  }

  /**
   * Decodes the object at {@code offset}; answers where it ends (after its closing brace), or -1 to
   * decline. {@code withinLine}: line breaks are not spaces, so the object ends on its line.
   */
  private static int scan(
      JsonRowDecoder decoder, byte[] b, int offset, int end, boolean withinLine, BatchBuilder out)
      throws BadRecordException {
    int i = skipSpace(b, offset, end, withinLine);
    if (i == end || b[i] != '{') {
      return -1;
    }
    i = skipSpace(b, i + 1, end, withinLine);
    if (i < end && b[i] == '}') {
      return i + 1;
    }
    int guess = 0;
    while (true) {
      // a field name
      if (i == end || b[i] != '"') {
        return -1;
      }
      int nameStart = i + 1;
      long nameStop = stringEnd(b, nameStart, end);
      if (nameStop < 0) {
        return -1;
      }
      int nameEnd = (int) nameStop;
      int column = decoder.columnOf(b, nameStart, nameEnd - nameStart, guess);
      i = skipSpace(b, nameEnd + 1, end, withinLine);
      if (i == end || b[i] != ':') {
        return -1;
      }
      i = skipSpace(b, i + 1, end, withinLine);
      if (i == end) {
        return -1;
      }
      i = value(decoder, column, b, i, end, out);
      if (i < 0) {
        return -1;
      }
      if (column != JsonRowDecoder.UNKNOWN) {
        guess = column + 1;
      }
      i = skipSpace(b, i, end, withinLine);
      if (i == end) {
        return -1;
      }
      if (b[i] == '}') {
        return i + 1;
      }
      if (b[i] != ',') {
        return -1;
      }
      i = skipSpace(b, i + 1, end, withinLine);
    }
  }

  /** Writes the value starting at {@code i}; answers where it ends, or -1 to decline. */
  private static int value(
      JsonRowDecoder decoder, int column, byte[] b, int i, int end, BatchBuilder out)
      throws BadRecordException {
    byte first = b[i];
    if (first == '"') {
      long found = stringEnd(b, i + 1, end);
      if (found < 0) {
        return -1;
      }
      int stop = (int) found;
      boolean ascii = (found & NOT_ASCII) == 0;
      if (column != JsonRowDecoder.UNKNOWN) {
        writeString(decoder.writer(column), column, b, i + 1, stop - (i + 1), ascii, out);
      } else if (!ascii) {
        Utf8.check(b, i + 1, stop - (i + 1));
      }
      return stop + 1;
    }
    if (first == '-' || (first >= '0' && first <= '9')) {
      return number(decoder, column, b, i, end, out);
    }
    if (matches(b, i, end, "true") || matches(b, i, end, "false")) {
      boolean value = first == 't';
      if (column != JsonRowDecoder.UNKNOWN) {
        FieldWriter writer = decoder.writer(column);
        if (writer.type() == ColumnType.VARCHAR && !writer.read()) {
          out.setObject(column, FieldWriter.NOT_READ);
        } else {
          writer.writeBoolean(value, out);
        }
      }
      return i + (value ? 4 : 5);
    }
    if (matches(b, i, end, "null")) {
      if (column != JsonRowDecoder.UNKNOWN) {
        out.setNull(column);
      }
      return i + 4;
    }
    return -1; // an object, an array, or not JSON
  }

  private static void writeString(
      FieldWriter writer,
      int column,
      byte[] b,
      int start,
      int length,
      boolean ascii,
      BatchBuilder out)
      throws BadRecordException {
    switch (writer.type()) {
      case VARCHAR:
        writer.tryWriteBytes(b, start, length, ascii, out);
        return;
      case TIMESTAMP:
        if (length > 0 && length <= 40) {
          long millis = ByteParsers.parseTimestamp(b, start, length);
          if (millis != ByteParsers.NO_LONG) {
            out.setLong(column, millis);
            return;
          }
        }
        writer.writeText(Utf8.decode(b, start, length), out);
        return;
      default:
        writer.writeText(Utf8.decode(b, start, length), out);
    }
  }

  /**
   * A number as JSON spells it, {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, followed by
   * a delimiter; answers where it ends, or -1 to decline.
   */
  private static int number(
      JsonRowDecoder decoder, int column, byte[] b, int start, int end, BatchBuilder out)
      throws BadRecordException {
    int i = start;
    boolean negative = b[i] == '-';
    if (negative) {
      i++;
    }
    int intStart = i;
    long value = 0;
    if (i + Long.BYTES <= end) {
      // up to eight digits from one word; the loop below reads any after them
      long word = ByteWords.word(b, i);
      int digits = ByteParsers.leadingDigits(word);
      if (digits > 0) {
        value = ByteParsers.valueOfDigits(word, digits);
        i += digits;
      }
    }
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      value = value * 10 + (b[i] - '0');
      i++;
    }
    int intDigits = i - intStart;
    if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
      return -1;
    }
    boolean integral = true;
    if (i < end && b[i] == '.') {
      integral = false;
      int fractionStart = ++i;
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == fractionStart) {
        return -1;
      }
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      integral = false;
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int exponentStart = i;
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == exponentStart) {
        return -1;
      }
    }
    if (i < end && !isDelimiter(b[i])) {
      return -1; // "12a": Jackson's error
    }
    if (column == JsonRowDecoder.UNKNOWN) {
      return i;
    }
    FieldWriter writer = decoder.writer(column);
    if (writer.type() == ColumnType.VARCHAR) {
      // the number's own text, as Jackson hands it over (or nothing, when not read)
      out.setObject(
          column,
          writer.read()
              ? new String(b, start, i - start, StandardCharsets.ISO_8859_1)
              : FieldWriter.NOT_READ);
      return i;
    }
    if (integral) {
      if (intDigits > 18) {
        return -1; // beyond a long perhaps: Jackson's big-integer path
      }
      writer.writeIntegral(negative ? -value : value, out);
      return i;
    }
    String text = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
    if (writer.type() == ColumnType.DOUBLE || writer.type() == ColumnType.REAL) {
      double parsed = Double.parseDouble(text);
      if (Double.isInfinite(parsed)) {
        writer.writeFloating(parsed, text, out);
      } else {
        writer.writeFloating(parsed, out);
      }
    } else {
      writer.writeNumber(new BigDecimal(text), out);
    }
    return i;
  }

  /**
   * Where the string whose content starts at {@code i} ends (its closing quote), with {@link
   * #NOT_ASCII} set when it holds a byte beyond ASCII; or -1 when it holds an escape or a control
   * character, or does not end. Eight bytes at a time while they are plain ASCII.
   */
  private static long stringEnd(byte[] b, int i, int end) {
    while (i + Long.BYTES <= end) {
      long word = ByteWords.word(b, i);
      // a high bit for a byte below '#' (a quote, a control character; a space or '!' too), a
      // backslash or a byte beyond ASCII: fewer operations than testing the quote on its own
      long stop =
          ByteWords.bytesBelow(word, PAST_QUOTE_WORD)
              | ByteWords.equalBytes(word, BACKSLASH_WORD)
              | word & ByteWords.HIGH_BITS;
      if (stop != 0) {
        int at = i + ByteWords.firstMarked(stop);
        if (b[at] == ' ' || b[at] == '!') {
          i = at + 1; // part of the string: go on a word at a time
          continue;
        }
        i = at;
        break;
      }
      i += Long.BYTES;
    }
    long notAscii = 0;
    for (; i < end; i++) {
      byte ch = b[i];
      if (ch == '"') {
        return i | notAscii;
      }
      if (ch == '\\' || (ch >= 0 && ch < 0x20)) {
        return -1;
      }
      if (ch < 0) {
        notAscii = NOT_ASCII;
      }
    }
    return -1;
  }

  private static boolean matches(byte[] b, int i, int end, String word) {
    int n = word.length();
    if (end - i < n) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if (b[i + k] != word.charAt(k)) {
        return false;
      }
    }
    return i + n == end || isDelimiter(b[i + n]);
  }

  private static boolean isDelimiter(byte ch) {
    return ch == ',' || ch == '}' || ch == ']' || isSpace(ch);
  }

  /** Past the spaces at {@code i}; {@code withinLine}: past blanks only, not line breaks. */
  private static int skipSpace(byte[] b, int i, int end, boolean withinLine) {
    if (withinLine) {
      while (i < end && (b[i] == ' ' || b[i] == '\t')) {
        i++;
      }
      return i;
    }
    while (i < end && isSpace(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(byte ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
  }
}
