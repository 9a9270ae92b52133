package io.sluice.plan.schema;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.List;
import java.util.Map;

/**
 * The read-only tables of schema {@code sys}, describing the server itself: what is declared and
 * what runs. Their rows are computed when a query reads them.
 */
public final class SystemTables {
  public static final String SCHEMA = "sys";
  public static final String CONNECTOR = "system";

  public static final RelationDefinition STREAMS =
      table(
          "streams",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("connector", ColumnType.VARCHAR),
              Column.of("format", ColumnType.VARCHAR),
              Column.of("watermark_column", ColumnType.VARCHAR),
              Column.of("watermark_expression", ColumnType.VARCHAR),
              Column.of("late_stream", ColumnType.VARCHAR),
              Column.of("ddl", ColumnType.VARCHAR)));

  public static final RelationDefinition TABLES =
      table(
          "tables",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("connector", ColumnType.VARCHAR),
              Column.of("format", ColumnType.VARCHAR),
              Column.of("primary_key", ColumnType.VARCHAR),
              Column.of("ddl", ColumnType.VARCHAR)));

  public static final RelationDefinition VIEWS =
      table(
          "views",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("query", ColumnType.VARCHAR),
              Column.of("ddl", ColumnType.VARCHAR)));

  public static final RelationDefinition QUERIES =
      table(
          "queries",
          List.of(
              Column.of("query_id", ColumnType.VARCHAR),
              Column.of("sql_text", ColumnType.VARCHAR),
              Column.of("state", ColumnType.VARCHAR),
              Column.of("push", ColumnType.BOOLEAN),
              Column.of("trigger", ColumnType.VARCHAR),
              Column.of("started", ColumnType.TIMESTAMP),
              Column.of("last_batch_id", ColumnType.BIGINT),
              Column.of("error", ColumnType.VARCHAR),
              // null for sinks and materialized views, which the server runs on its own
              Column.of("started_by", ColumnType.VARCHAR)));

  public static final RelationDefinition QUERY_PROGRESS =
      table(
          "query_progress",
          List.of(
              Column.of("query_id", ColumnType.VARCHAR),
              Column.of("batch_id", ColumnType.BIGINT),
              Column.of("started", ColumnType.TIMESTAMP),
              Column.of("duration_ms", ColumnType.BIGINT),
              Column.of("input_rows", ColumnType.BIGINT),
              Column.of("output_rows", ColumnType.BIGINT),
              Column.of("input_rows_per_second", ColumnType.DOUBLE),
              Column.of("processed_rows_per_second", ColumnType.DOUBLE),
              Column.of("bad_records", ColumnType.BIGINT),
              Column.of("watermark", ColumnType.TIMESTAMP),
              Column.of("state_rows", ColumnType.BIGINT),
              Column.of("state_bytes", ColumnType.BIGINT),
              Column.of("late_rows", ColumnType.BIGINT)));

  public static final RelationDefinition DEAD_LETTERS =
      table(
          "dead_letters",
          List.of(
              Column.of("relation", ColumnType.VARCHAR),
              Column.of("source_position", ColumnType.VARCHAR),
              Column.of("error", ColumnType.VARCHAR),
              Column.of("raw", ColumnType.VARCHAR),
              Column.of("received", ColumnType.TIMESTAMP)));

  public static final List<RelationDefinition> ALL =
      List.of(STREAMS, TABLES, VIEWS, QUERIES, QUERY_PROGRESS, DEAD_LETTERS);

  private SystemTables() {}

  private static RelationDefinition table(String name, List<Column> columns) {
    return new RelationDefinition(
        name,
        RelationKind.TABLE,
        columns,
        List.of(),
        null,
        Map.of("connector", CONNECTOR, "table", name),
        "-- system table " + SCHEMA + "." + name);
  }

  public static boolean isSystem(RelationDefinition relation) {
    return CONNECTOR.equals(relation.connector());
  }
}
