package io.sluice.sql.function;

import java.math.BigDecimal;
import java.util.Set;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The Java types user-defined functions may take and return, and the SQL type each stands for: the
 * same for scalar, aggregate and table functions.
 */
public final class JavaTypes {
  private static final Set<Class<?>> SUPPORTED =
      Set.of(
          String.class,
          boolean.class,
          Boolean.class,
          byte.class,
          Byte.class,
          short.class,
          Short.class,
          int.class,
          Integer.class,
          long.class,
          Long.class,
          float.class,
          Float.class,
          double.class,
          Double.class,
          BigDecimal.class);

  private JavaTypes() {}

  /** Whether {@code type} maps to a SQL type. */
  public static boolean supported(Class<?> type) {
    return SUPPORTED.contains(type);
  }

  /** The supported types, for messages. */
  public static String names() {
    return "String, boolean, byte, short, int, long, float, double (or their boxes), BigDecimal";
  }

  /** The SQL type a supported Java type stands for. */
  public static SqlTypeName sqlType(Class<?> type) {
    if (type == String.class) {
      return SqlTypeName.VARCHAR;
    }
    if (type == boolean.class || type == Boolean.class) {
      return SqlTypeName.BOOLEAN;
    }
    if (type == byte.class || type == Byte.class) {
      return SqlTypeName.TINYINT;
    }
    if (type == short.class || type == Short.class) {
      return SqlTypeName.SMALLINT;
    }
    if (type == int.class || type == Integer.class) {
      return SqlTypeName.INTEGER;
    }
    if (type == long.class || type == Long.class) {
      return SqlTypeName.BIGINT;
    }
    if (type == float.class || type == Float.class) {
      return SqlTypeName.REAL;
    }
    if (type == double.class || type == Double.class) {
      return SqlTypeName.DOUBLE;
    }
    if (type == BigDecimal.class) {
      return SqlTypeName.DECIMAL;
    }
    throw new IllegalArgumentException("No SQL type for " + type);
  }
}
