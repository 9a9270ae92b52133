package io.sluice.jdbc;

import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;

/**
 * How Sluice columns travel over JDBC. Values keep their internal form where Avatica's accessors
 * understand it (TIMESTAMP as epoch millis, DATE as days, TIME as millis of day), so the client
 * converts them to java.sql types itself.
 */
public final class JdbcTypes {
  private JdbcTypes() {}

  public static int sqlType(ColumnType type) {
    switch (type) {
      case BOOLEAN:
        return Types.BOOLEAN;
      case TINYINT:
        return Types.TINYINT;
      case SMALLINT:
        return Types.SMALLINT;
      case INTEGER:
        return Types.INTEGER;
      case BIGINT:
        return Types.BIGINT;
      case REAL:
        return Types.REAL;
      case DOUBLE:
        return Types.DOUBLE;
      case DECIMAL:
        return Types.DECIMAL;
      case DATE:
        return Types.DATE;
      case TIME:
        return Types.TIME;
      case TIMESTAMP:
        return Types.TIMESTAMP;
      default:
        return Types.VARCHAR;
    }
  }

  private static ColumnMetaData.Rep rep(ColumnType type) {
    switch (type) {
      case BOOLEAN:
        return ColumnMetaData.Rep.BOOLEAN;
      case TINYINT:
        return ColumnMetaData.Rep.BYTE;
      case SMALLINT:
        return ColumnMetaData.Rep.SHORT;
      case INTEGER:
      case DATE:
      case TIME:
        return ColumnMetaData.Rep.INTEGER;
      case BIGINT:
      case TIMESTAMP:
        return ColumnMetaData.Rep.LONG;
      case REAL:
        return ColumnMetaData.Rep.FLOAT;
      case DOUBLE:
        return ColumnMetaData.Rep.DOUBLE;
      case DECIMAL:
        return ColumnMetaData.Rep.NUMBER;
      default:
        return ColumnMetaData.Rep.STRING;
    }
  }

  private static String className(ColumnType type) {
    switch (type) {
      case BOOLEAN:
        return Boolean.class.getName();
      case TINYINT:
        return Byte.class.getName();
      case SMALLINT:
        return Short.class.getName();
      case INTEGER:
        return Integer.class.getName();
      case BIGINT:
        return Long.class.getName();
      case REAL:
        return Float.class.getName();
      case DOUBLE:
        return Double.class.getName();
      case DECIMAL:
        return BigDecimal.class.getName();
      case DATE:
        return java.sql.Date.class.getName();
      case TIME:
        return java.sql.Time.class.getName();
      case TIMESTAMP:
        return java.sql.Timestamp.class.getName();
      default:
        return String.class.getName();
    }
  }

  public static List<ColumnMetaData> columnMetaData(List<Column> columns) {
    List<ColumnMetaData> result = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      ColumnType type = column.type();
      ColumnMetaData.AvaticaType avaticaType =
          ColumnMetaData.scalar(sqlType(type), type.name(), rep(type));
      int precision = Math.max(column.precision(), 0);
      int scale = Math.max(column.scale(), 0);
      result.add(
          new ColumnMetaData(
              i,
              false,
              false,
              true,
              false,
              column.nullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
              isSigned(type),
              displaySize(column),
              column.name(),
              column.name(),
              null,
              precision,
              scale,
              null,
              null,
              avaticaType,
              true,
              false,
              false,
              className(type)));
    }
    return result;
  }

  private static boolean isSigned(ColumnType type) {
    return type.vectorKind() != ColumnType.VectorKind.OBJECT || type == ColumnType.DECIMAL;
  }

  private static int displaySize(Column column) {
    switch (column.type()) {
      case VARCHAR:
        // Unbounded VARCHAR: a width clients can lay out; values longer than it still arrive whole.
        return column.precision() > 0 ? Math.min(column.precision(), 1024) : 32;
      case TIMESTAMP:
        return 23;
      case DATE:
        return 10;
      case TIME:
        return 12;
      case BOOLEAN:
        return 5;
      default:
        return 20;
    }
  }

  /** A prepared statement's parameter of {@code column}'s type, as its signature describes it. */
  public static AvaticaParameter parameter(Column column) {
    ColumnType type = column.type();
    return new AvaticaParameter(
        isSigned(type),
        Math.max(column.precision(), 0),
        Math.max(column.scale(), 0),
        sqlType(type),
        type.name(),
        className(type),
        column.name());
  }

  /** Converts a row from batch storage form to the values Avatica expects for the columns. */
  public static Object[] toJdbcRow(Object[] row, List<Column> columns) {
    Object[] out = new Object[row.length];
    for (int i = 0; i < row.length; i++) {
      Object value = row[i];
      if (value == null) {
        continue;
      }
      switch (columns.get(i).type()) {
        case BOOLEAN:
          out[i] = value instanceof Boolean ? value : ((Number) value).longValue() != 0;
          break;
        case TINYINT:
          out[i] = ((Number) value).byteValue();
          break;
        case SMALLINT:
          out[i] = ((Number) value).shortValue();
          break;
        case INTEGER:
        case DATE:
        case TIME:
          out[i] = ((Number) value).intValue();
          break;
        case BIGINT:
        case TIMESTAMP:
          out[i] = ((Number) value).longValue();
          break;
        case REAL:
          out[i] = ((Number) value).floatValue();
          break;
        case DOUBLE:
          out[i] = ((Number) value).doubleValue();
          break;
        default:
          out[i] = value;
      }
    }
    return out;
  }
}
