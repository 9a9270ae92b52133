package io.sluice.connector.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A database table as its metadata describes it: the name it is stored under, its columns, and the
 * keys that make rows unique (primary key, unique constraints and indexes). Found by the name a
 * user wrote ({@code table} or {@code schema.table}) in any case: as written, in lower case, then
 * in upper case, so {@code 'table-name' = 'Orders'} finds PostgreSQL's {@code orders}.
 */
final class TargetTable {
  private final String displayName;
  private final String quotedName;
  private final List<TargetColumn> columns;
  private final List<Set<String>> uniqueKeys;

  private TargetTable(
      String displayName,
      String quotedName,
      List<TargetColumn> columns,
      List<Set<String>> uniqueKeys) {
    this.displayName = requireNonNull(displayName, "displayName is null");
    this.quotedName = requireNonNull(quotedName, "quotedName is null");
    this.columns = List.copyOf(columns);
    this.uniqueKeys = List.copyOf(uniqueKeys);
  }

  /** The table {@code tableName} names, or empty when the database has none by that name. */
  static Optional<TargetTable> read(Connection connection, JdbcDialect dialect, String tableName)
      throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    String[] parts = tableName.split("\\.");
    String table = parts[parts.length - 1];
    String prefix = parts.length > 1 ? parts[parts.length - 2] : null;
    // PostgreSQL names schemas, MariaDB and MySQL databases (which its driver calls catalogs)
    boolean catalogs = dialect instanceof MySqlDialect;
    List<String> prefixes =
        prefix != null
            ? spellings(prefix)
            : List.of(catalogs ? connection.getCatalog() : connection.getSchema());
    for (String owner : prefixes) {
      for (String name : spellings(table)) {
        String catalog = catalogs ? owner : null;
        String schema = catalogs ? null : owner;
        List<TargetColumn> columns = columns(metadata, catalog, schema, name);
        if (!columns.isEmpty()) {
          String quoted = dialect.quoteTable(List.of(owner, name));
          String display = prefix == null ? name : owner + "." + name;
          return Optional.of(
              new TargetTable(
                  display, quoted, columns, uniqueKeys(metadata, catalog, schema, name)));
        }
      }
    }
    return Optional.empty();
  }

  /** The name as written, in lower case and in upper case, each once. */
  private static List<String> spellings(String name) {
    Set<String> spellings = new LinkedHashSet<>();
    spellings.add(name);
    spellings.add(name.toLowerCase(Locale.ROOT));
    spellings.add(name.toUpperCase(Locale.ROOT));
    return new ArrayList<>(spellings);
  }

  private static List<TargetColumn> columns(
      DatabaseMetaData metadata, String catalog, String schema, String table) throws SQLException {
    String escape = metadata.getSearchStringEscape();
    List<TargetColumn> columns = new ArrayList<>();
    try (ResultSet rows =
        metadata.getColumns(catalog, escape(schema, escape), escape(table, escape), "%")) {
      while (rows.next()) {
        // a pattern's escapes may be ignored: keep only the table asked for
        if (!table.equals(rows.getString("TABLE_NAME"))) {
          continue;
        }
        String typeName = rows.getString("TYPE_NAME");
        int type = rows.getInt("DATA_TYPE");
        if (typeName != null && typeName.toLowerCase(Locale.ROOT).startsWith("timestamptz")) {
          // PostgreSQL's driver reports timestamptz as a plain TIMESTAMP
          type = Types.TIMESTAMP_WITH_TIMEZONE;
        }
        boolean generated =
            "YES".equalsIgnoreCase(rows.getString("IS_AUTOINCREMENT"))
                || "YES".equalsIgnoreCase(generatedColumn(rows));
        columns.add(
            new TargetColumn(
                rows.getString("COLUMN_NAME"),
                type,
                typeName == null ? "?" : typeName,
                rows.getInt("COLUMN_SIZE"),
                rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
                generated || rows.getString("COLUMN_DEF") != null));
      }
    }
    return columns;
  }

  private static String generatedColumn(ResultSet rows) {
    try {
      return rows.getString("IS_GENERATEDCOLUMN");
    } catch (SQLException e) {
      return null;
    }
  }

  /** The primary key and the unique constraints and indexes, each as its lower-case columns. */
  private static List<Set<String>> uniqueKeys(
      DatabaseMetaData metadata, String catalog, String schema, String table) throws SQLException {
    List<Set<String>> keys = new ArrayList<>();
    Map<Short, String> primary = new TreeMap<>();
    try (ResultSet rows = metadata.getPrimaryKeys(catalog, schema, table)) {
      while (rows.next()) {
        primary.put(rows.getShort("KEY_SEQ"), rows.getString("COLUMN_NAME"));
      }
    }
    if (!primary.isEmpty()) {
      keys.add(lowerCase(primary.values()));
    }
    Map<String, List<String>> indexes = new LinkedHashMap<>();
    try (ResultSet rows = metadata.getIndexInfo(catalog, schema, table, true, true)) {
      while (rows.next()) {
        String index = rows.getString("INDEX_NAME");
        String column = rows.getString("COLUMN_NAME");
        if (index != null && column != null && !rows.getBoolean("NON_UNIQUE")) {
          indexes.computeIfAbsent(index, k -> new ArrayList<>()).add(column);
        }
      }
    }
    for (List<String> index : indexes.values()) {
      keys.add(lowerCase(index));
    }
    return keys;
  }

  private static Set<String> lowerCase(java.util.Collection<String> names) {
    Set<String> lower = new LinkedHashSet<>();
    for (String name : names) {
      lower.add(name.toLowerCase(Locale.ROOT));
    }
    return lower;
  }

  private static String escape(String pattern, String escape) {
    if (pattern == null || escape == null || escape.isEmpty()) {
      return pattern;
    }
    return pattern
        .replace(escape, escape + escape)
        .replace("_", escape + "_")
        .replace("%", escape + "%");
  }

  /** The table's name as stored, qualified as the user wrote it, for messages. */
  String displayName() {
    return displayName;
  }

  /** The table's quoted, qualified name, for statements. */
  String quotedName() {
    return quotedName;
  }

  List<TargetColumn> columns() {
    return columns;
  }

  /** The column named {@code name}: exactly so, else in another case; empty if none. */
  Optional<TargetColumn> column(String name) {
    for (TargetColumn column : columns) {
      if (column.name().equals(name)) {
        return Optional.of(column);
      }
    }
    for (TargetColumn column : columns) {
      if (column.name().equalsIgnoreCase(name)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }

  /** Whether a primary key or unique constraint holds exactly {@code names} (any order, case). */
  boolean hasUniqueKey(List<String> names) {
    return uniqueKeys.contains(lowerCase(names));
  }

  /** The names of the columns, for messages. */
  String columnNames() {
    return String.join(", ", columns.stream().map(TargetColumn::name).toList());
  }
}
