package io.sluice.catalog;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Maps between declared column types, Calcite's SQL types and batch storage types. */
public final class SqlTypes {
  private SqlTypes() {}

  /** Storage type for a Calcite type; fails naming the type when Sluice cannot store it. */
  public static ColumnType columnType(RelDataType type) {
    ColumnType result = columnTypeOrNull(type.getSqlTypeName());
    if (result == null) {
      throw new SluiceException(
          ErrorCode.NOT_SUPPORTED,
          "SQL type " + type.getFullTypeString() + " is not supported by Sluice yet");
    }
    return result;
  }

  /** Storage type for a SQL type name, or null if Sluice cannot store it. */
  public static ColumnType columnTypeOrNull(SqlTypeName name) {
    switch (name) {
      case BOOLEAN:
        return ColumnType.BOOLEAN;
      case TINYINT:
        return ColumnType.TINYINT;
      case SMALLINT:
        return ColumnType.SMALLINT;
      case INTEGER:
        return ColumnType.INTEGER;
      case BIGINT:
        return ColumnType.BIGINT;
      case REAL:
        return ColumnType.REAL;
      case FLOAT:
      case DOUBLE:
        return ColumnType.DOUBLE;
      case DECIMAL:
        return ColumnType.DECIMAL;
      case CHAR:
      case VARCHAR:
        return ColumnType.VARCHAR;
      case DATE:
        return ColumnType.DATE;
      case TIME:
        return ColumnType.TIME;
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return ColumnType.TIMESTAMP;
      case INTERVAL_YEAR:
      case INTERVAL_YEAR_MONTH:
      case INTERVAL_MONTH:
        return ColumnType.INTEGER;
      case INTERVAL_DAY:
      case INTERVAL_DAY_HOUR:
      case INTERVAL_DAY_MINUTE:
      case INTERVAL_DAY_SECOND:
      case INTERVAL_HOUR:
      case INTERVAL_HOUR_MINUTE:
      case INTERVAL_HOUR_SECOND:
      case INTERVAL_MINUTE:
      case INTERVAL_MINUTE_SECOND:
      case INTERVAL_SECOND:
        return ColumnType.BIGINT;
      case NULL:
        return ColumnType.VARCHAR;
      default:
        return null;
    }
  }

  /** Calcite type of a declared column. */
  public static RelDataType relDataType(RelDataTypeFactory factory, Column column) {
    RelDataType type;
    switch (column.type()) {
      case DECIMAL:
        type =
            column.precision() >= 0
                ? factory.createSqlType(
                    SqlTypeName.DECIMAL, column.precision(), Math.max(column.scale(), 0))
                : factory.createSqlType(SqlTypeName.DECIMAL);
        break;
      case VARCHAR:
        type =
            column.precision() >= 0
                ? factory.createSqlType(SqlTypeName.VARCHAR, column.precision())
                : factory.createSqlType(SqlTypeName.VARCHAR);
        break;
      case TIMESTAMP:
        type =
            factory.createSqlType(
                SqlTypeName.TIMESTAMP, column.precision() >= 0 ? column.precision() : 3);
        break;
      case TIME:
        type =
            factory.createSqlType(
                SqlTypeName.TIME, column.precision() >= 0 ? column.precision() : 0);
        break;
      default:
        type = factory.createSqlType(SqlTypeName.valueOf(column.type().name()));
    }
    return factory.createTypeWithNullability(type, column.nullable());
  }

  /** A declared column's type as DDL writes it: {@code DECIMAL(10, 2)}, {@code VARCHAR(20)}. */
  public static String typeText(Column column) {
    String type = column.type().name();
    if (column.type() == ColumnType.DECIMAL && column.precision() >= 0) {
      return type + "(" + column.precision() + ", " + Math.max(0, column.scale()) + ")";
    }
    if (column.precision() >= 0
        && (column.type() == ColumnType.VARCHAR || column.type() == ColumnType.TIMESTAMP)) {
      return type + "(" + column.precision() + ")";
    }
    return type;
  }

  /** Column of a Calcite field, for declaring results. */
  public static Column column(String name, RelDataType type) {
    int precision = type.getSqlTypeName().allowsPrec() ? type.getPrecision() : -1;
    int scale = type.getSqlTypeName().allowsScale() ? type.getScale() : -1;
    return new Column(name, columnType(type), precision, scale, type.isNullable());
  }
}
