package io.sluice.jdbc;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Binds prepared-statement parameters by writing each value into the SQL text as a literal of its
 * type, so the statement is planned like any other. Placeholders inside string literals, quoted
 * identifiers and comments are left alone.
 */
final class ParameterBinder {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private ParameterBinder() {}

  /** Number of {@code ?} placeholders in the statement. */
  static int count(String sql) {
    return placeholders(sql, null);
  }

  static String bind(String sql, List<Object> values) {
    StringBuilder out = new StringBuilder();
    int found = placeholders(sql, new Binder(out, values));
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
    final List<Object> values;

    Binder(StringBuilder out, List<Object> values) {
      this.out = out;
      this.values = values;
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
          binder.out.append(literal(binder.values.get(count)));
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

  static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String) {
      return "'" + ((String) value).replace("'", "''") + "'";
    }
    if (value instanceof Boolean) {
      return value.toString().toUpperCase(java.util.Locale.ROOT);
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof Timestamp) {
      return "TIMESTAMP '" + TIMESTAMP.format(((Timestamp) value).toInstant()) + "'";
    }
    if (value instanceof Date) {
      return "DATE '" + value + "'";
    }
    if (value instanceof Time) {
      return "TIME '" + value + "'";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    return "'" + value.toString().replace("'", "''") + "'";
  }
}
