package io.sluice.connector.jdbc;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a database table fits what Sluice writes into it or reads from it, before any row
 * moves, and says what does not fit naming the table and the column: a missing table (with a CREATE
 * TABLE that would fit), a missing column, a column of another type, a NOT NULL column the sink
 * leaves out, a missing unique key for upserts.
 */
final class SchemaFit {
  private SchemaFit() {}

  /**
   * The table's column each of a sink's {@code columns} goes into, in order.
   *
   * @param key positions of the columns the sink upserts by, or empty when it only inserts
   */
  static List<TargetColumn> forSink(
      TargetTable table,
      List<Column> columns,
      List<Integer> key,
      String sink,
      JdbcOptions options) {
    List<TargetColumn> targets = new ArrayList<>();
    for (Column column : columns) {
      TargetColumn target =
          table
              .column(column.name())
              .orElseThrow(
                  () ->
                      error(
                          "Table '"
                              + table.displayName()
                              + "' ("
                              + where(options)
                              + ") has no column '"
                              + column.name()
                              + "' for the column of that name sink '"
                              + sink
                              + "' writes; its columns: "
                              + table.columnNames()
                              + " (name the query's columns after them, e.g. SELECT … AS "
                              + column.name()
                              + ")"));
      if (!JdbcValues.writable(column.type(), target)) {
        throw error(
            "Column '"
                + target.name()
                + "' of table '"
                + table.displayName()
                + "' ("
                + where(options)
                + ") is "
                + target.describe()
                + ", but sink '"
                + sink
                + "' writes "
                + column.type()
                + " values into it");
      }
      targets.add(target);
    }
    for (TargetColumn target : table.columns()) {
      boolean written = targets.stream().anyMatch(t -> t.name().equals(target.name()));
      if (!written && !target.nullable() && !target.hasDefault()) {
        throw error(
            "Column '"
                + target.name()
                + "' of table '"
                + table.displayName()
                + "' ("
                + where(options)
                + ") is NOT NULL without a default, and sink '"
                + sink
                + "' writes no value into it; add it to the query or give it a default");
      }
    }
    if (!key.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (int position : key) {
        names.add(targets.get(position).name());
      }
      if (!table.hasUniqueKey(names)) {
        throw error(
            "Table '"
                + table.displayName()
                + "' ("
                + where(options)
                + ") has no PRIMARY KEY or UNIQUE constraint on ("
                + String.join(", ", names)
                + "), the key sink '"
                + sink
                + "' updates its rows by; add one, e.g. ALTER TABLE "
                + table.displayName()
                + " ADD PRIMARY KEY ("
                + String.join(", ", names)
                + ")");
      }
    }
    return targets;
  }

  /** The table's column each declared column of a jdbc table is read from, in order. */
  static List<TargetColumn> forRead(
      TargetTable table, List<Column> columns, String relation, JdbcOptions options) {
    List<TargetColumn> sources = new ArrayList<>();
    for (Column column : columns) {
      TargetColumn source =
          table
              .column(column.name())
              .orElseThrow(
                  () ->
                      error(
                          "Table '"
                              + table.displayName()
                              + "' ("
                              + where(options)
                              + ") has no column '"
                              + column.name()
                              + "', which '"
                              + relation
                              + "' declares; its columns: "
                              + table.columnNames()));
      if (!JdbcValues.readable(column.type(), source)) {
        throw error(
            "Column '"
                + source.name()
                + "' of table '"
                + table.displayName()
                + "' ("
                + where(options)
                + ") is "
                + source.describe()
                + ", which cannot be read as the "
                + column.type()
                + " that '"
                + relation
                + "' declares");
      }
      sources.add(source);
    }
    return sources;
  }

  /**
   * The error for a table the database does not have: for a sink, with a CREATE TABLE that fits.
   *
   * @param key positions of the upsert key among {@code columns}, empty for none; null when not a
   *     sink
   */
  static SluiceException missingTable(
      JdbcOptions options, String user, List<Column> columns, List<Integer> key) {
    StringBuilder message =
        new StringBuilder("Table '")
            .append(options.tableName())
            .append("' of '")
            .append(user)
            .append("' does not exist in ")
            .append(where(options));
    if (key != null) {
      JdbcDialect dialect = options.dialect();
      List<String> definitions = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        Column column = columns.get(i);
        definitions.add(
            column.name()
                + " "
                + dialect.typeName(column)
                + (key.contains(i) || !column.nullable() ? " NOT NULL" : ""));
      }
      if (!key.isEmpty()) {
        List<String> names = new ArrayList<>();
        key.forEach(k -> names.add(columns.get(k).name()));
        definitions.add("PRIMARY KEY (" + String.join(", ", names) + ")");
      }
      message
          .append("; create it, e.g. CREATE TABLE ")
          .append(options.tableName())
          .append(" (")
          .append(String.join(", ", definitions))
          .append(")");
    }
    return error(message.toString());
  }

  /** E.g. {@code PostgreSQL at jdbc:postgresql://localhost:5432/shop}, password masked. */
  static String where(JdbcOptions options) {
    return options.dialect().name() + " at " + options.maskedUrl();
  }

  private static SluiceException error(String message) {
    return new SluiceException(ErrorCode.VALIDATION_ERROR, message);
  }
}
