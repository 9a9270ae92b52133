package io.sluice.plan.schema;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** Schema {@code sys}: the catalog's system tables as Calcite tables. */
public final class SystemSchema extends AbstractSchema {
  private final Catalog catalog;

  public SystemSchema(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (RelationDefinition definition : catalog.systemTables()) {
      tables.put(definition.name(), new RelationTable(definition));
    }
    return tables;
  }
}
