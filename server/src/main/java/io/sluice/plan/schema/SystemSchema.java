package io.sluice.plan.schema;

import io.sluice.catalog.RelationDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** Schema {@code sys}: the {@link SystemTables} as Calcite tables. */
public final class SystemSchema extends AbstractSchema {
  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (RelationDefinition definition : SystemTables.ALL) {
      tables.put(definition.name(), new RelationTable(definition));
    }
    return tables;
  }
}
