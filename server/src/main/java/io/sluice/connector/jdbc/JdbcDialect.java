package io.sluice.connector.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL a database speaks where databases differ: quoting, upserts, null-safe equality and the
 * types of a suggested table. Identifiers passed in are names as the database stores them (read
 * from its metadata), quoted here so any name works.
 */
public interface JdbcDialect {
  /** The database's name, for messages: PostgreSQL, MariaDB. */
  String name();

  /** The dialect of a JDBC URL, if Sluice speaks it. */
  static Optional<JdbcDialect> forUrl(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return Optional.of(new PostgresDialect());
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return Optional.of(new MySqlDialect());
    }
    return Optional.empty();
  }

  /** {@code identifier} quoted, with quotes in it doubled. */
  String quote(String identifier);

  /** A table name of one or more dot-separated parts, each quoted. */
  default String quoteTable(List<String> parts) {
    return parts.stream().map(this::quote).collect(Collectors.joining("."));
  }

  /** {@code INSERT INTO table (columns) VALUES (?, …)}. */
  default String insert(String table, List<String> columns) {
    return "INSERT INTO "
        + table
        + " ("
        + quoted(columns)
        + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))
        + ")";
  }

  /**
   * An insert of {@code columns} that updates the row of the same {@code keys} instead where there
   * is one (the table has a primary key or unique constraint on exactly them).
   */
  String upsert(String table, List<String> columns, List<String> keys);

  /** {@code DELETE FROM table WHERE k1 = ? AND …}. */
  default String delete(String table, List<String> keys) {
    return "DELETE FROM " + table + " WHERE " + conditions(keys, " = ?");
  }

  /** A delete whose key may hold NULLs, which equal NULL here. */
  default String deleteNullSafe(String table, List<String> keys) {
    return "DELETE FROM " + table + " WHERE " + conditions(keys, nullSafeEquals());
  }

  /** The operator and parameter of an equality where NULL equals NULL, e.g. {@code <=> ?}. */
  String nullSafeEquals();

  /** {@code DELETE FROM table}: every row, in the transaction. */
  default String deleteAll(String table) {
    return "DELETE FROM " + table;
  }

  /** {@code SELECT columns FROM table}. */
  default String selectAll(String table, List<String> columns) {
    return "SELECT " + quoted(columns) + " FROM " + table;
  }

  /**
   * {@code SELECT columns FROM table WHERE key IN (?, …)} for {@code count} keys; a key of several
   * columns as a row value, {@code (a, b) IN ((?, ?), …)}.
   */
  default String selectByKeys(String table, List<String> columns, List<String> keys, int count) {
    String one =
        keys.size() == 1
            ? "?"
            : "(" + String.join(", ", java.util.Collections.nCopies(keys.size(), "?")) + ")";
    String key = keys.size() == 1 ? quote(keys.get(0)) : "(" + quoted(keys) + ")";
    return "SELECT "
        + quoted(columns)
        + " FROM "
        + table
        + " WHERE "
        + key
        + " IN ("
        + String.join(", ", java.util.Collections.nCopies(count, one))
        + ")";
  }

  /** The progress table's definition, created when missing. */
  default String createProgressTable(String table) {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " ("
        + quote("sink_name")
        + " VARCHAR(255) NOT NULL PRIMARY KEY, "
        + quote("target_table")
        + " VARCHAR(512) NOT NULL, "
        + quote("batch_id")
        + " BIGINT NOT NULL, "
        + quote("committed_at")
        + " TIMESTAMP NOT NULL)";
  }

  /** Adds a sink's row (batch -1) to the progress table unless it has one. */
  String insertProgressIfAbsent(String table);

  /** Reads a sink's last committed batch and locks its row until the transaction ends. */
  default String lockProgress(String table) {
    return "SELECT "
        + quote("batch_id")
        + " FROM "
        + table
        + " WHERE "
        + quote("sink_name")
        + " = ? FOR UPDATE";
  }

  /** Reads a sink's last committed batch. */
  default String readProgress(String table) {
    return "SELECT "
        + quote("batch_id")
        + " FROM "
        + table
        + " WHERE "
        + quote("sink_name")
        + " = ?";
  }

  /** Records a sink's last committed batch: parameters batch id, target table, sink name. */
  default String updateProgress(String table) {
    return "UPDATE "
        + table
        + " SET "
        + quote("batch_id")
        + " = ?, "
        + quote("target_table")
        + " = ?, "
        + quote("committed_at")
        + " = CURRENT_TIMESTAMP WHERE "
        + quote("sink_name")
        + " = ?";
  }

  /** The database's type for a column of Sluice's type, for a suggested CREATE TABLE. */
  String typeName(io.sluice.spi.type.Column column);

  /** The columns quoted and separated by commas. */
  default String quoted(List<String> columns) {
    List<String> quoted = new ArrayList<>(columns.size());
    for (String column : columns) {
      quoted.add(quote(column));
    }
    return String.join(", ", quoted);
  }

  private String conditions(List<String> keys, String operator) {
    List<String> conditions = new ArrayList<>(keys.size());
    for (String key : keys) {
      conditions.add(quote(key) + operator);
    }
    return String.join(" AND ", conditions);
  }
}
