package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.SinkDefinition;
import io.sluice.exec.driver.QueryManager;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/** {@code sys.sinks}: the persistent queries writing to sinks, and their state. */
public final class SinksTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "sinks",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("connector", ColumnType.VARCHAR),
              Column.of("path", ColumnType.VARCHAR),
              Column.of("output_mode", ColumnType.VARCHAR),
              Column.of("trigger", ColumnType.VARCHAR),
              Column.of("state", ColumnType.VARCHAR),
              Column.of("query", ColumnType.VARCHAR)));

  private final Catalog catalog;
  private final QueryManager queries;

  public SinksTable(Catalog catalog, QueryManager queries) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.queries = requireNonNull(queries, "queries is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (SinkDefinition sink : catalog.sinks()) {
      String state = queries.find(sink.name()).map(q -> q.state().name()).orElse("NOT RUNNING");
      rows.add(
          new Object[] {
            sink.name(),
            sink.options().get("connector"),
            sink.options().get("path"),
            sink.outputMode(),
            sink.trigger(),
            state,
            sink.query()
          });
    }
    return rows;
  }
}
