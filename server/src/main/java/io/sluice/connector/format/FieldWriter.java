package io.sluice.connector.format;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Converts one field of a record to its column's type and writes it into the current row of a
 * {@link BatchBuilder}; a value that does not fit is a {@link BadRecordException} naming the
 * column, the type and the value.
 */
public final class FieldWriter {
  private static final int MAX_VALUE_IN_MESSAGE = 100;

  private final int index;
  private final Column column;
  private final ColumnType type;

  public FieldWriter(int index, Column column) {
    this.index = index;
    this.column = requireNonNull(column, "column is null");
    this.type = column.type();
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
          writeDouble(Double.parseDouble(trimmed), raw, out);
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

  /** Writes an integral number (e.g. a JSON integer); TIMESTAMP takes it as epoch millis. */
  public void writeIntegral(long value, BatchBuilder out) throws BadRecordException {
    switch (type) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        out.setLong(index, checkRange(value, String.valueOf(value)));
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
        writeDouble(value.doubleValue(), value.toString(), out);
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
