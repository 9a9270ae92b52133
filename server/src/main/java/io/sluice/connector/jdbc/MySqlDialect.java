package io.sluice.connector.jdbc;

import io.sluice.spi.type.Column;
import java.util.ArrayList;
import java.util.List;

/** MariaDB and MySQL: back-quoted names, {@code INSERT … ON DUPLICATE KEY UPDATE}. */
final class MySqlDialect implements JdbcDialect {
  @Override
  public String name() {
    return "MariaDB";
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  @Override
  public String upsert(String table, List<String> columns, List<String> keys) {
    List<String> updates = new ArrayList<>();
    for (String column : columns) {
      if (!keys.contains(column)) {
        updates.add(quote(column) + " = VALUES(" + quote(column) + ")");
      }
    }
    if (updates.isEmpty()) {
      // every column is the key: an existing row is already what it should be
      updates.add(quote(keys.get(0)) + " = " + quote(keys.get(0)));
    }
    return insert(table, columns) + " ON DUPLICATE KEY UPDATE " + String.join(", ", updates);
  }

  @Override
  public String nullSafeEquals() {
    return " <=> ?";
  }

  @Override
  public String insertProgressIfAbsent(String table) {
    return "INSERT IGNORE INTO "
        + table
        + " ("
        + quoted(List.of("sink_name", "target_table", "batch_id", "committed_at"))
        + ") VALUES (?, ?, -1, CURRENT_TIMESTAMP)";
  }

  @Override
  public String typeName(Column column) {
    return switch (column.type()) {
      case BOOLEAN -> "BOOLEAN";
      case TINYINT -> "TINYINT";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INT";
      case BIGINT -> "BIGINT";
      case REAL -> "FLOAT";
      case DOUBLE -> "DOUBLE";
      case DECIMAL ->
          column.precision() > 0
              ? "DECIMAL(" + column.precision() + ", " + Math.max(0, column.scale()) + ")"
              : "DECIMAL(38, 10)";
      // a key column cannot be TEXT here: without a length, VARCHAR(255)
      case VARCHAR -> "VARCHAR(" + (column.precision() > 0 ? column.precision() : 255) + ")";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case TIMESTAMP -> "DATETIME(3)";
    };
  }
}
