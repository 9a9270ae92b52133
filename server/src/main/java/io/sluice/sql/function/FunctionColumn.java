package io.sluice.sql.function;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One column a user-defined table function returns: its name and SQL type (always nullable).
 *
 * @param precision the type's precision, or -1 for its default
 * @param scale the DECIMAL scale, or -1
 */
public record FunctionColumn(String name, SqlTypeName type, int precision, int scale) {
  public FunctionColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  /** The column's type for Calcite. */
  public RelDataType relType(RelDataTypeFactory typeFactory) {
    RelDataType relType;
    if (precision < 0) {
      relType = typeFactory.createSqlType(type);
    } else if (scale < 0) {
      relType = typeFactory.createSqlType(type, precision);
    } else {
      relType = typeFactory.createSqlType(type, precision, scale);
    }
    return typeFactory.createTypeWithNullability(relType, true);
  }

  @Override
  public String toString() {
    String sql = type.getName();
    if (precision >= 0) {
      sql += "(" + precision + (scale >= 0 ? ", " + scale : "") + ")";
    }
    return name + " " + sql;
  }
}
