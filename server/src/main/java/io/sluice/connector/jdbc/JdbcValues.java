package io.sluice.connector.jdbc;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Values between batch storage (see {@link ColumnType}) and JDBC: parameters bound by Sluice's
 * type, results read by it, and which database column types each Sluice type may go into or come
 * from. TIMESTAMP values are wall-clock times, as Sluice keeps them (epoch milliseconds read as
 * UTC): they are written as such, into {@code timestamp with time zone} columns at offset UTC.
 */
final class JdbcValues {
  private static final Set<Integer> INTEGERS =
      Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);
  private static final Set<Integer> NUMBERS =
      Set.of(
          Types.TINYINT,
          Types.SMALLINT,
          Types.INTEGER,
          Types.BIGINT,
          Types.REAL,
          Types.FLOAT,
          Types.DOUBLE,
          Types.NUMERIC,
          Types.DECIMAL);
  private static final Set<Integer> TEXT =
      Set.of(
          Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB);
  private static final Set<Integer> TIMESTAMPS =
      Set.of(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE);

  private JdbcValues() {}

  /** Whether values of Sluice type {@code type} can be written into a column of {@code target}. */
  static boolean writable(ColumnType type, TargetColumn target) {
    int jdbc = target.jdbcType();
    return switch (type) {
      case BOOLEAN -> jdbc == Types.BOOLEAN || jdbc == Types.BIT || INTEGERS.contains(jdbc);
      case TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL -> NUMBERS.contains(jdbc);
      case VARCHAR -> TEXT.contains(jdbc);
      case DATE -> jdbc == Types.DATE || TIMESTAMPS.contains(jdbc);
      case TIME -> jdbc == Types.TIME || jdbc == Types.TIME_WITH_TIMEZONE;
      case TIMESTAMP -> TIMESTAMPS.contains(jdbc);
    };
  }

  /** Whether a column of {@code source} can be read as Sluice type {@code type}. */
  static boolean readable(ColumnType type, TargetColumn source) {
    int jdbc = source.jdbcType();
    return switch (type) {
      case BOOLEAN -> jdbc == Types.BOOLEAN || jdbc == Types.BIT || INTEGERS.contains(jdbc);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> INTEGERS.contains(jdbc) || jdbc == Types.BIT;
      case REAL, DOUBLE, DECIMAL -> NUMBERS.contains(jdbc);
      case VARCHAR -> TEXT.contains(jdbc);
      case DATE -> jdbc == Types.DATE;
      case TIME -> jdbc == Types.TIME;
      case TIMESTAMP -> TIMESTAMPS.contains(jdbc) || jdbc == Types.DATE;
    };
  }

  /** Binds a stored value (null for SQL NULL) of {@code type} as parameter {@code index}. */
  static void bind(
      PreparedStatement statement, int index, ColumnType type, Object value, TargetColumn target)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, target == null ? sqlType(type) : target.jdbcType());
      return;
    }
    switch (type) {
      case BOOLEAN -> statement.setBoolean(index, ((Number) value).longValue() != 0);
      case TINYINT, SMALLINT, INTEGER, BIGINT ->
          statement.setLong(index, ((Number) value).longValue());
      case REAL -> statement.setFloat(index, ((Number) value).floatValue());
      case DOUBLE -> statement.setDouble(index, ((Number) value).doubleValue());
      case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
      case VARCHAR -> statement.setString(index, value.toString());
      case DATE -> statement.setObject(index, LocalDate.ofEpochDay(((Number) value).longValue()));
      case TIME ->
          statement.setObject(
              index, LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L));
      case TIMESTAMP -> {
        LocalDateTime time = timestamp(((Number) value).longValue());
        if (target != null && target.jdbcType() == Types.TIMESTAMP_WITH_TIMEZONE) {
          statement.setObject(index, time.atOffset(ZoneOffset.UTC));
        } else {
          statement.setObject(index, time);
        }
      }
    }
  }

  /**
   * Reads result column {@code index} (1-based) as {@code column}'s type into column {@code target}
   * of the builder's current row.
   *
   * @param withTimeZone the result column is a {@code timestamp with time zone}
   */
  static void read(
      ResultSet rows, int index, Column column, boolean withTimeZone, BatchBuilder out, int target)
      throws SQLException {
    Object value = read(rows, index, column, withTimeZone);
    if (value == null) {
      out.setNull(target);
    } else if (value instanceof Long longValue) {
      out.setLong(target, longValue);
    } else if (value instanceof Double doubleValue) {
      out.setDouble(target, doubleValue);
    } else {
      out.setObject(target, value);
    }
  }

  /**
   * Result column {@code index} (1-based) as a stored value of {@code column}'s type, or null.
   *
   * @param withTimeZone the result column is a {@code timestamp with time zone}
   */
  static Object read(ResultSet rows, int index, Column column, boolean withTimeZone)
      throws SQLException {
    switch (column.type()) {
      case BOOLEAN:
        {
          boolean value = rows.getBoolean(index);
          return rows.wasNull() ? null : (Object) (value ? 1L : 0L);
        }
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        {
          long value = rows.getLong(index);
          return rows.wasNull() ? null : (Object) value;
        }
      case REAL:
      case DOUBLE:
        {
          double value = rows.getDouble(index);
          return rows.wasNull() ? null : (Object) value;
        }
      case DECIMAL:
        {
          BigDecimal value = rows.getBigDecimal(index);
          return value == null || column.scale() < 0
              ? value
              : value.setScale(column.scale(), RoundingMode.HALF_UP);
        }
      case VARCHAR:
        return rows.getString(index);
      case DATE:
        {
          LocalDate value = rows.getObject(index, LocalDate.class);
          return value == null ? null : (Object) value.toEpochDay();
        }
      case TIME:
        {
          LocalTime value = rows.getObject(index, LocalTime.class);
          return value == null ? null : (Object) (value.toNanoOfDay() / 1_000_000L);
        }
      default:
        {
          if (withTimeZone) {
            OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
            return value == null ? null : (Object) value.toInstant().toEpochMilli();
          }
          LocalDateTime value = rows.getObject(index, LocalDateTime.class);
          return value == null ? null : (Object) value.toInstant(ZoneOffset.UTC).toEpochMilli();
        }
    }
  }

  /** Which columns of a result are {@code timestamp with time zone}, by 1-based index. */
  static boolean[] timeZoneColumns(ResultSet rows) throws SQLException {
    java.sql.ResultSetMetaData metadata = rows.getMetaData();
    boolean[] zoned = new boolean[metadata.getColumnCount() + 1];
    for (int i = 1; i < zoned.length; i++) {
      int type = metadata.getColumnType(i);
      String name = metadata.getColumnTypeName(i);
      zoned[i] = type == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equalsIgnoreCase(name);
    }
    return zoned;
  }

  /** A wall-clock time from epoch milliseconds read as UTC. */
  static LocalDateTime timestamp(long epochMillis) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(epochMillis, 1000),
        (int) Math.floorMod(epochMillis, 1000) * 1_000_000,
        ZoneOffset.UTC);
  }

  /** The {@link Types} code of a Sluice type, for NULL parameters. */
  static int sqlType(ColumnType type) {
    return switch (type) {
      case BOOLEAN -> Types.BOOLEAN;
      case TINYINT -> Types.TINYINT;
      case SMALLINT -> Types.SMALLINT;
      case INTEGER -> Types.INTEGER;
      case BIGINT -> Types.BIGINT;
      case REAL -> Types.REAL;
      case DOUBLE -> Types.DOUBLE;
      case DECIMAL -> Types.DECIMAL;
      case VARCHAR -> Types.VARCHAR;
      case DATE -> Types.DATE;
      case TIME -> Types.TIME;
      case TIMESTAMP -> Types.TIMESTAMP;
    };
  }
}
