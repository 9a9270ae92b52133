package io.sluice.connector.format;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.Utf8;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Converts one field of a record to its column's type and writes it into the current row of a
 * {@link BatchBuilder}; a value that does not fit is a {@link BadRecordException} naming the
 * column, the type and the value.
 */
public final class FieldWriter {
  private static final int MAX_VALUE_IN_MESSAGE = 100;

  /**
   * What a VARCHAR column the query does not read holds: its value is checked (UTF-8) but not
   * built, and the vector it lands in is dropped by the projection.
   */
  static final String NOT_READ = "";

  private final int index;
  private final Column column;
  private final ColumnType type;
  private final boolean read;
  // how a bad-UTF-8 message names the field
  private final String what;

  public FieldWriter(int index, Column column) {
    this(index, column, true);
  }

  /**
   * A writer of column {@code index}; when the query does not {@code read} the column, its text
   * values are checked but not materialised.
   */
  public FieldWriter(int index, Column column, boolean read) {
    this.index = index;
    this.column = requireNonNull(column, "column is null");
    this.type = column.type();
    this.read = read;
    this.what = "Column '" + column.name() + "'";
  }

  /** The field's text from its UTF-8 bytes. */
  public String text(byte[] bytes, int offset, int length) throws BadRecordException {
    return Utf8.decode(bytes, offset, length, what);
  }

  /** Whether the query reads this column (else its text values are checked, not built). */
  public boolean read() {
    return read;
  }

  public Column column() {
    return column;
  }

  public ColumnType type() {
    return type;
  }

  /** Parses {@code text} as the column's type; VARCHAR takes it verbatim, others trim it first. */
  public void writeText(String text, BatchBuilder out) throws BadRecordException {
    if (type == ColumnType.VARCHAR) {
      out.setObject(index, text);
      return;
    }
    String raw = "'" + text + "'";
    String trimmed = text.trim();
    try {
      switch (type) {
        case BOOLEAN:
          out.setLong(index, parseBoolean(trimmed));
          return;
        case TINYINT:
        case SMALLINT:
        case INTEGER:
        case BIGINT:
          out.setLong(index, checkRange(parseIntegral(trimmed), raw));
          return;
        case REAL:
        case DOUBLE:
          double parsed = Double.parseDouble(trimmed);
          if (Double.isInfinite(parsed) && !trimmed.endsWith("Infinity")) {
            // "1e400": a number beyond the double's range, not the infinity it rounds to
            throw bad(raw, "out of range");
          }
          writeDouble(parsed, raw, out);
          return;
        case DECIMAL:
          writeDecimal(new BigDecimal(trimmed), raw, out);
          return;
        case DATE:
          out.setLong(index, TemporalParser.parseDate(trimmed));
          return;
        case TIME:
          out.setLong(index, TemporalParser.parseTime(trimmed));
          return;
        case TIMESTAMP:
          out.setLong(index, TemporalParser.parseTimestamp(trimmed));
          return;
        default:
          throw new IllegalStateException("Unhandled column type " + type);
      }
    } catch (NumberFormatException e) {
      // the JDK's wording ("For input string") adds nothing to the value itself
      throw bad(raw, null);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw bad(raw, e.getMessage());
    }
  }

  /**
   * Writes the field in {@code bytes[offset, offset + length)} (UTF-8) if it has one of the common
   * forms parsed straight from bytes: a VARCHAR, an empty field (NULL), a plain integer, decimal or
   * timestamp. Answers false, having written nothing, for the caller to parse the field's text.
   *
   * @throws BadRecordException when a VARCHAR is not valid UTF-8
   */
  public boolean tryWriteBytes(byte[] bytes, int offset, int length, BatchBuilder out)
      throws BadRecordException {
    return tryWriteBytes(bytes, offset, length, false, out);
  }

  /**
   * As {@link #tryWriteBytes(byte[], int, int, BatchBuilder)}, for a field the caller knows is all
   * ASCII when {@code ascii}: its text is then a plain copy, with no UTF-8 check.
   */
  public boolean tryWriteBytes(
      byte[] bytes, int offset, int length, boolean ascii, BatchBuilder out)
      throws BadRecordException {
    switch (type) {
      case VARCHAR:
        if (ascii) {
          out.setObject(
              index,
              read ? new String(bytes, offset, length, StandardCharsets.ISO_8859_1) : NOT_READ);
        } else if (read) {
          out.setObject(index, Utf8.decode(bytes, offset, length, what));
        } else {
          Utf8.check(bytes, offset, length, what);
          out.setObject(index, NOT_READ);
        }
        return true;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        if (length == 0) {
          out.setNull(index);
          return true;
        }
        long value = ByteParsers.parseLong(bytes, offset, length);
        if (value == ByteParsers.NO_LONG || !inRange(value)) {
          return false;
        }
        out.setLong(index, value);
        return true;
      case TIMESTAMP:
        if (length == 0) {
          out.setNull(index);
          return true;
        }
        long millis = ByteParsers.parseTimestamp(bytes, offset, length);
        if (millis == ByteParsers.NO_LONG) {
          return false;
        }
        out.setLong(index, millis);
        return true;
      case DOUBLE:
      case REAL:
        if (length == 0) {
          out.setNull(index);
          return true;
        }
        double d = ByteParsers.parseDouble(bytes, offset, length);
        if (Double.isNaN(d)) {
          return false;
        }
        // at most 15 digits: never out of a REAL's range
        out.setDouble(index, type == ColumnType.REAL ? (float) d : d);
        return true;
      default:
        if (length == 0) {
          out.setNull(index);
          return true;
        }
        return false;
    }
  }

  /**
   * A timestamp in {@code chars[offset, offset + length)} (e.g. a JSON string) parsed without its
   * text when it has a common form; answers false, having written nothing, otherwise.
   */
  public boolean tryWriteTimestamp(char[] chars, int offset, int length, BatchBuilder out) {
    if (type != ColumnType.TIMESTAMP || length == 0 || length > 40) {
      return false;
    }
    byte[] ascii = new byte[length];
    for (int i = 0; i < length; i++) {
      char ch = chars[offset + i];
      if (ch > 127) {
        return false;
      }
      ascii[i] = (byte) ch;
    }
    long millis = ByteParsers.parseTimestamp(ascii, 0, length);
    if (millis == ByteParsers.NO_LONG) {
      return false;
    }
    out.setLong(index, millis);
    return true;
  }

  /** Writes an integral number (e.g. a JSON integer); TIMESTAMP takes it as epoch millis. */
  public void writeIntegral(long value, BatchBuilder out) throws BadRecordException {
    switch (type) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        if (!inRange(value)) {
          throw bad(String.valueOf(value), "out of range");
        }
        out.setLong(index, value);
        return;
      case TIMESTAMP:
        out.setLong(index, value);
        return;
      case REAL:
      case DOUBLE:
        writeDouble(value, String.valueOf(value), out);
        return;
      case DECIMAL:
        writeDecimal(BigDecimal.valueOf(value), String.valueOf(value), out);
        return;
      case VARCHAR:
        out.setObject(index, String.valueOf(value));
        return;
      default:
        throw bad(String.valueOf(value), null);
    }
  }

  /** Writes a floating-point number (e.g. a JSON number with a fraction or exponent). */
  public void writeFloating(double value, BatchBuilder out) throws BadRecordException {
    writeFloating(value, String.valueOf(value), out);
  }

  /**
   * Writes a floating-point number whose text was {@code raw}; a number too large for a double
   * (which the parser made infinite) is out of range.
   */
  public void writeFloating(double value, String raw, BatchBuilder out) throws BadRecordException {
    if (Double.isInfinite(value)) {
      throw bad(raw, "out of range");
    }
    if (type == ColumnType.REAL || type == ColumnType.DOUBLE) {
      writeDouble(value, String.valueOf(value), out);
    } else {
      writeNumber(new BigDecimal(String.valueOf(value)), out);
    }
  }

  /** Writes an exact number that may not fit a long (e.g. a JSON float or a big integer). */
  public void writeNumber(BigDecimal value, BatchBuilder out) throws BadRecordException {
    switch (type) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case TIMESTAMP:
        long exact;
        try {
          // 1.0 or 1e3 is still an integer; 1.5 or 2^70 is not
          exact = value.longValueExact();
        } catch (ArithmeticException e) {
          throw bad(value.toString(), "not an integer in range");
        }
        writeIntegral(exact, out);
        return;
      case REAL:
      case DOUBLE:
        double converted = value.doubleValue();
        if (Double.isInfinite(converted)) {
          throw bad(value.toString(), "out of range");
        }
        writeDouble(converted, value.toString(), out);
        return;
      case DECIMAL:
        writeDecimal(value, value.toString(), out);
        return;
      case VARCHAR:
        out.setObject(index, value.toString());
        return;
      default:
        throw bad(value.toString(), null);
    }
  }

  /** Writes a native boolean (e.g. JSON true/false). */
  public void writeBoolean(boolean value, BatchBuilder out) throws BadRecordException {
    if (type == ColumnType.BOOLEAN) {
      out.setLong(index, value ? 1 : 0);
    } else if (type == ColumnType.VARCHAR) {
      out.setObject(index, String.valueOf(value));
    } else {
      throw bad(String.valueOf(value), null);
    }
  }

  /** A bad-record error for this column; {@code value} is shown as given, shortened if long. */
  public BadRecordException bad(String value, String reason) {
    String shown =
        value.length() > MAX_VALUE_IN_MESSAGE
            ? value.substring(0, MAX_VALUE_IN_MESSAGE) + "..."
            : value;
    return new BadRecordException(
        "Column '"
            + column.name()
            + "' expects "
            + typeName()
            + ", got "
            + shown
            + (reason == null ? "" : " (" + reason + ")"));
  }

  private String typeName() {
    if (type == ColumnType.DECIMAL && column.precision() >= 0) {
      return "DECIMAL("
          + column.precision()
          + (column.scale() >= 0 ? ", " + column.scale() : "")
          + ")";
    }
    return type.name();
  }

  private static long parseBoolean(String text) {
    if (text.equalsIgnoreCase("true")) {
      return 1;
    }
    if (text.equalsIgnoreCase("false")) {
      return 0;
    }
    throw new IllegalArgumentException("expected true or false");
  }

  private static long parseIntegral(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      // the rare "1.0" or "1e3": accepted when it is exactly an integer, as for JSON numbers
      try {
        return new BigDecimal(text).longValueExact();
      } catch (NumberFormatException notANumber) {
        throw e;
      } catch (ArithmeticException notAnInteger) {
        throw new ArithmeticException("not an integer in range");
      }
    }
  }

  private boolean inRange(long value) {
    switch (type) {
      case TINYINT:
        return value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE;
      case SMALLINT:
        return value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
      case INTEGER:
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
      default:
        return true;
    }
  }

  private long checkRange(long value, String raw) throws BadRecordException {
    long min;
    long max;
    switch (type) {
      case TINYINT:
        min = Byte.MIN_VALUE;
        max = Byte.MAX_VALUE;
        break;
      case SMALLINT:
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
        break;
      case INTEGER:
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
        break;
      default:
        return value;
    }
    if (value < min || value > max) {
      throw bad(raw, "out of range");
    }
    return value;
  }

  private void writeDouble(double value, String raw, BatchBuilder out) throws BadRecordException {
    if (type == ColumnType.REAL) {
      float narrowed = (float) value;
      if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
        throw bad(raw, "out of range");
      }
      out.setDouble(index, narrowed);
    } else {
      out.setDouble(index, value);
    }
  }

  private void writeDecimal(BigDecimal value, String raw, BatchBuilder out)
      throws BadRecordException {
    BigDecimal adjusted = value;
    int scale = column.scale();
    if (scale >= 0) {
      adjusted = value.setScale(scale, RoundingMode.HALF_UP);
    }
    int precision = column.precision();
    if (precision >= 0) {
      int integerDigits = adjusted.precision() - adjusted.scale();
      int allowed = precision - Math.max(scale, 0);
      if (integerDigits > allowed) {
        throw bad(
            raw,
            String.format(
                Locale.ROOT,
                "more than %d digit%s before the decimal point",
                allowed,
                allowed == 1 ? "" : "s"));
      }
    }
    out.setObject(index, adjusted);
  }
}
