package io.sluice.exec.function;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Converts between a batch's storage and the Java values user-defined functions take and return
 * ({@code String}, {@code boolean}, the integer and floating-point types, their boxes and {@code
 * BigDecimal}), for the functions the runtime calls itself (aggregate and table functions; scalar
 * functions are called by generated code).
 */
public final class JavaValues {
  private JavaValues() {}

  /** Reads a non-NULL value of a column as one Java parameter type wants it. */
  @FunctionalInterface
  public interface Reader {
    Object read(ColumnVector column, int row);
  }

  /** How to read values stored as {@code type} for a parameter of Java type {@code parameter}. */
  public static Reader reader(Class<?> parameter, ColumnType type) {
    switch (type.vectorKind()) {
      case LONG:
        if (type == ColumnType.BOOLEAN) {
          return (column, row) -> ((LongVector) column).get(row) != 0;
        }
        return (column, row) -> fromLong(((LongVector) column).get(row), parameter);
      case DOUBLE:
        return (column, row) -> fromDouble(((DoubleVector) column).get(row), parameter);
      default:
        if (type == ColumnType.DECIMAL) {
          return (column, row) ->
              fromDecimal((BigDecimal) ((ObjectVector) column).get(row), parameter);
        }
        return (column, row) -> ((ObjectVector) column).get(row);
    }
  }

  private static Object fromLong(long value, Class<?> parameter) {
    if (parameter == int.class || parameter == Integer.class) {
      return (int) value;
    }
    if (parameter == long.class || parameter == Long.class) {
      return value;
    }
    if (parameter == short.class || parameter == Short.class) {
      return (short) value;
    }
    if (parameter == byte.class || parameter == Byte.class) {
      return (byte) value;
    }
    if (parameter == double.class || parameter == Double.class) {
      return (double) value;
    }
    if (parameter == float.class || parameter == Float.class) {
      return (float) value;
    }
    if (parameter == BigDecimal.class) {
      return BigDecimal.valueOf(value);
    }
    return value;
  }

  private static Object fromDouble(double value, Class<?> parameter) {
    if (parameter == double.class || parameter == Double.class) {
      return value;
    }
    if (parameter == float.class || parameter == Float.class) {
      return (float) value;
    }
    if (parameter == long.class || parameter == Long.class) {
      return (long) value;
    }
    if (parameter == int.class || parameter == Integer.class) {
      return (int) value;
    }
    if (parameter == short.class || parameter == Short.class) {
      return (short) value;
    }
    if (parameter == byte.class || parameter == Byte.class) {
      return (byte) value;
    }
    if (parameter == BigDecimal.class) {
      return BigDecimal.valueOf(value);
    }
    return value;
  }

  private static Object fromDecimal(BigDecimal value, Class<?> parameter) {
    if (parameter == double.class || parameter == Double.class) {
      return value.doubleValue();
    }
    if (parameter == float.class || parameter == Float.class) {
      return value.floatValue();
    }
    if (parameter == long.class || parameter == Long.class) {
      return value.longValue();
    }
    if (parameter == int.class || parameter == Integer.class) {
      return value.intValue();
    }
    if (parameter == short.class || parameter == Short.class) {
      return value.shortValue();
    }
    if (parameter == byte.class || parameter == Byte.class) {
      return value.byteValue();
    }
    return value;
  }

  /**
   * Stores {@code value} (a function's result; null for NULL) in row {@code row} of {@code out}, a
   * column of {@code type}; DECIMALs are rounded to {@code scale} (if not -1).
   *
   * @throws IllegalArgumentException when the value is not of a Java type the column can hold
   */
  public static void write(ColumnVector out, int row, Object value, ColumnType type, int scale) {
    if (value == null) {
      out.setNull(row);
      return;
    }
    switch (type) {
      case BOOLEAN:
        if (!(value instanceof Boolean bool)) {
          throw mismatch(value, type);
        }
        ((LongVector) out).set(row, bool ? 1L : 0L);
        return;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        if (!(value instanceof Byte
            || value instanceof Short
            || value instanceof Integer
            || value instanceof Long)) {
          throw mismatch(value, type);
        }
        ((LongVector) out).set(row, ((Number) value).longValue());
        return;
      case REAL:
      case DOUBLE:
        if (!(value instanceof Number number)) {
          throw mismatch(value, type);
        }
        ((DoubleVector) out).set(row, number.doubleValue());
        return;
      case DECIMAL:
        BigDecimal decimal;
        if (value instanceof BigDecimal big) {
          decimal = big;
        } else if (value instanceof Number number) {
          decimal = new BigDecimal(number.toString());
        } else {
          throw mismatch(value, type);
        }
        ((ObjectVector) out)
            .set(row, scale < 0 ? decimal : decimal.setScale(scale, RoundingMode.HALF_UP));
        return;
      case VARCHAR:
        if (!(value instanceof String)) {
          throw mismatch(value, type);
        }
        ((ObjectVector) out).set(row, value);
        return;
      default:
        throw mismatch(value, type);
    }
  }

  private static IllegalArgumentException mismatch(Object value, ColumnType type) {
    return new IllegalArgumentException(
        "a value of "
            + value.getClass().getName()
            + " ("
            + value
            + ") cannot be a "
            + type
            + " value");
  }
}
