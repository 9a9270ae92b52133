package io.sluice.plan.schema;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** The catalog's relations as a Calcite schema, read afresh so DDL is visible at once. */
public final class CatalogSchema extends AbstractSchema {
  /** The schema's name, the default schema of every query. */
  public static final String NAME = "sluice";

  private final Catalog catalog;

  public CatalogSchema(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (RelationDefinition definition : catalog.list()) {
      tables.put(
          definition.name(),
          definition.kind() == RelationKind.VIEW
              ? new ViewTable(definition)
              : new RelationTable(definition));
    }
    return tables;
  }

  @Override
  public boolean isMutable() {
    return true;
  }
}
