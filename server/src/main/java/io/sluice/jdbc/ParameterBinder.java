package io.sluice.jdbc;

import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Binds prepared-statement parameters by writing each value into the SQL text as a literal of its
 * type, so the statement is planned like any other. Placeholders inside string literals, quoted
 * identifiers and comments are left alone.
 */
final class ParameterBinder {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

  private ParameterBinder() {}

  /** Number of {@code ?} placeholders in the statement. */
  static int count(String sql) {
    return placeholders(sql, null);
  }

  /**
   * The statement with each placeholder replaced by its value's literal; a NULL is cast to the
   * parameter's type, so the statement types as it did when prepared.
   */
  static String bind(String sql, List<TypedValue> values, List<Column> types) {
    StringBuilder out = new StringBuilder();
    int found = placeholders(sql, new Binder(out, values, types));
    if (found != values.size()) {
      throw new IllegalArgumentException(
          "The statement has "
              + found
              + " parameters ('?'), but "
              + values.size()
              + " values were given");
    }
    return out.toString();
  }

  /** Receives the text between placeholders and each placeholder in turn. */
  private static final class Binder {
    final StringBuilder out;
    final List<TypedValue> values;
    final List<Column> types;

    Binder(StringBuilder out, List<TypedValue> values, List<Column> types) {
      this.out = out;
      this.values = values;
      this.types = types;
    }
  }

  private static int placeholders(String sql, Binder binder) {
    int count = 0;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end = i + 1;
      if (c == '\'' || c == '"') {
        end = sql.indexOf(c, i + 1);
        while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
          end = sql.indexOf(c, end + 2);
        }
        end = end < 0 ? sql.length() : end + 1;
      } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
      } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
        end = sql.indexOf("*/", i + 2);
        end = end < 0 ? sql.length() : end + 2;
      } else if (c == '?') {
        if (binder != null) {
          if (count >= binder.values.size()) {
            throw new IllegalArgumentException("No value given for parameter " + (count + 1));
          }
          Column type = count < binder.types.size() ? binder.types.get(count) : null;
          binder.out.append(literal(binder.values.get(count), type));
        }
        count++;
        i++;
        continue;
      }
      if (binder != null) {
        binder.out.append(sql, i, end);
      }
      i = end;
    }
    return count;
  }

  /** The SQL literal of a parameter value, as sent (Avatica's serial form of its type). */
  static String literal(TypedValue value, Column type) {
    Object local = value == null ? null : value.toLocal();
    if (local == null) {
      return type == null || type.type() == ColumnType.VARCHAR
          ? "NULL"
          : "CAST(NULL AS " + typeName(type) + ")";
    }
    switch (value.type) {
      case BOOLEAN:
      case PRIMITIVE_BOOLEAN:
        return ((Boolean) local) ? "TRUE" : "FALSE";
      case BYTE:
      case PRIMITIVE_BYTE:
      case SHORT:
      case PRIMITIVE_SHORT:
      case INTEGER:
      case PRIMITIVE_INT:
      case LONG:
      case PRIMITIVE_LONG:
        return integer(((Number) local).longValue());
      case FLOAT:
      case PRIMITIVE_FLOAT:
        return approximate(Float.toString((Float) local), "REAL");
      case DOUBLE:
      case PRIMITIVE_DOUBLE:
        return approximate(Double.toString((Double) local), "DOUBLE");
      case NUMBER:
        return exact(
            local instanceof BigDecimal ? (BigDecimal) local : new BigDecimal(local.toString()));
      case JAVA_SQL_DATE:
        return "DATE '" + LocalDate.ofEpochDay(((Number) local).longValue()) + "'";
      case JAVA_SQL_TIME:
        return "TIME '"
            + TIME.format(LocalTime.ofNanoOfDay(((Number) local).longValue() * 1_000_000L))
            + "'";
      case JAVA_SQL_TIMESTAMP:
      case JAVA_UTIL_DATE:
        long millis = ((Number) local).longValue();
        LocalDateTime time =
            LocalDateTime.ofEpochSecond(
                Math.floorDiv(millis, 1000L),
                (int) Math.floorMod(millis, 1000L) * 1_000_000,
                ZoneOffset.UTC);
        return "TIMESTAMP '" + TIMESTAMP.format(time) + "'";
      case BYTE_STRING:
        return "X'" + ((ByteString) local).toString() + "'";
      default:
        return "'" + local.toString().replace("'", "''") + "'";
    }
  }

  /** In parentheses when negative, so {@code a - ?} never reads as a comment {@code --}. */
  private static String integer(long value) {
    if (value == Long.MIN_VALUE) {
      // 9223372036854775808 itself is out of BIGINT's range: negate inside the cast
      return "CAST(-9223372036854775808 AS BIGINT)";
    }
    return value < 0 ? "(" + value + ")" : Long.toString(value);
  }

  private static String exact(BigDecimal value) {
    String text = value.toPlainString();
    return value.signum() < 0 ? "(" + text + ")" : text;
  }

  /** A float or double literal; NaN and the infinities, which SQL has no literal for, as casts. */
  private static String approximate(String text, String type) {
    if (text.equals("NaN") || text.endsWith("Infinity")) {
      return "CAST('" + text + "' AS " + type + ")";
    }
    String literal = text.contains("E") ? text : text + "E0";
    return "CAST("
        + (literal.startsWith("-") ? "(" + literal + ")" : literal)
        + " AS "
        + type
        + ")";
  }

  private static String typeName(Column type) {
    switch (type.type()) {
      case DECIMAL:
        return type.precision() > 0
            ? "DECIMAL(" + type.precision() + ", " + Math.max(type.scale(), 0) + ")"
            : "DECIMAL";
      case TIMESTAMP:
        return type.precision() >= 0 ? "TIMESTAMP(" + type.precision() + ")" : "TIMESTAMP";
      default:
        return type.type().name();
    }
  }
}
