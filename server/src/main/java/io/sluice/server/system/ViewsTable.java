package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.RelationKind;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/** {@code sys.views}: the plain views, their queries and DDL. */
public final class ViewsTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "views",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("query", ColumnType.VARCHAR),
              Column.of("ddl", ColumnType.VARCHAR)));

  private final Catalog catalog;

  public ViewsTable(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (RelationDefinition definition : catalog.list(RelationKind.VIEW)) {
      rows.add(
          new Object[] {
            definition.name(), RelationDefinitions.queryOf(definition), definition.ddl()
          });
    }
    return rows;
  }
}
