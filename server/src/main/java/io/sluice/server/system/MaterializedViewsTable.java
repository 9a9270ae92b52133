package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.RelationKind;
import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.view.ResultTable;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/** {@code sys.materialized_views}: the materialized views, their state and current size. */
public final class MaterializedViewsTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "materialized_views",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("output_mode", ColumnType.VARCHAR),
              Column.of("state", ColumnType.VARCHAR),
              Column.of("rows", ColumnType.BIGINT),
              Column.of("query", ColumnType.VARCHAR)));

  private final Catalog catalog;
  private final QueryManager queries;
  private final PersistentQueries persistent;

  public MaterializedViewsTable(
      Catalog catalog, QueryManager queries, PersistentQueries persistent) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (RelationDefinition view : catalog.list(RelationKind.MATERIALIZED_VIEW)) {
      String state = queries.find(view.name()).map(q -> q.state().name()).orElse("NOT RUNNING");
      ResultTable table = persistent.view(view.name());
      rows.add(
          new Object[] {
            view.name(),
            view.options().get("output.mode"),
            state,
            table == null ? null : (long) table.snapshot().size(),
            RelationDefinitions.queryOf(view)
          });
    }
    return rows;
  }
}
