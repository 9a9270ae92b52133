package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.RelationKind;
import io.sluice.spi.connector.SecretOptions;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/** {@code sys.tables}: the declared (bounded) tables, their keys and DDL. */
public final class TablesTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "tables",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("connector", ColumnType.VARCHAR),
              Column.of("format", ColumnType.VARCHAR),
              Column.of("primary_key", ColumnType.VARCHAR),
              Column.of("ddl", ColumnType.VARCHAR)));

  private final Catalog catalog;

  public TablesTable(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (RelationDefinition definition : catalog.list(RelationKind.TABLE)) {
      rows.add(
          new Object[] {
            definition.name(),
            definition.connector(),
            definition.options().get("format"),
            definition.primaryKey().isEmpty() ? null : String.join(", ", definition.primaryKey()),
            SecretOptions.maskSql(definition.ddl())
          });
    }
    return rows;
  }
}
