package io.sluice.connector.jdbc;

import io.sluice.spi.type.Column;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL: double-quoted names, {@code INSERT … ON CONFLICT (key) DO UPDATE}. */
final class PostgresDialect implements JdbcDialect {
  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public String upsert(String table, List<String> columns, List<String> keys) {
    List<String> updates = new ArrayList<>();
    for (String column : columns) {
      if (!keys.contains(column)) {
        updates.add(quote(column) + " = EXCLUDED." + quote(column));
      }
    }
    return insert(table, columns)
        + " ON CONFLICT ("
        + quoted(keys)
        + ") "
        + (updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates));
  }

  @Override
  public String nullSafeEquals() {
    return " IS NOT DISTINCT FROM ?";
  }

  @Override
  public String insertProgressIfAbsent(String table) {
    return "INSERT INTO "
        + table
        + " ("
        + quoted(List.of("sink_name", "target_table", "batch_id", "committed_at"))
        + ") VALUES (?, ?, -1, CURRENT_TIMESTAMP) ON CONFLICT ("
        + quote("sink_name")
        + ") DO NOTHING";
  }

  @Override
  public String typeName(Column column) {
    return switch (column.type()) {
      case BOOLEAN -> "BOOLEAN";
      case TINYINT, SMALLINT -> "SMALLINT";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case REAL -> "REAL";
      case DOUBLE -> "DOUBLE PRECISION";
      case DECIMAL ->
          column.precision() > 0
              ? "NUMERIC(" + column.precision() + ", " + Math.max(0, column.scale()) + ")"
              : "NUMERIC";
      case VARCHAR -> column.precision() > 0 ? "VARCHAR(" + column.precision() + ")" : "TEXT";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case TIMESTAMP -> "TIMESTAMP(3)";
    };
  }
}
