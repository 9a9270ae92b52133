package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.SqlTypes;
import io.sluice.error.SluiceErrors;
import io.sluice.server.result.StatementResult;
import io.sluice.server.result.StaticRows;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDescribeTable;

/** {@code DESCRIBE name}: a relation's columns, types, keys and watermark. */
public final class DescribeTask implements StatementTask<SqlDescribeTable> {
  private final Catalog catalog;

  public DescribeTask(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  @Override
  public Class<SqlDescribeTable> statementType() {
    return SqlDescribeTable.class;
  }

  @Override
  public StatementResult execute(SqlDescribeTable describe, StatementContext context) {
    String name = describe.getTable().names.get(describe.getTable().names.size() - 1);
    RelationDefinition definition =
        catalog
            .find(name)
            .orElseThrow(
                () ->
                    SluiceErrors.relationNotFound(
                        describe.getTable().getParserPosition(), "Relation", name));
    List<Object[]> rows = new ArrayList<>();
    for (Column column : definition.columns()) {
      boolean key =
          definition.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(column.name()));
      String watermark =
          definition
              .watermarkSpec()
              .filter(w -> w.column().equalsIgnoreCase(column.name()))
              .map(
                  w ->
                      w.expression()
                          + (w.lateStream() == null ? "" : " ON LATE INTO " + w.lateStream()))
              .orElse(null);
      rows.add(
          new Object[] {
            column.name(), SqlTypes.typeText(column), column.nullable(), key, watermark
          });
    }
    return new StatementResult.Rows(
        List.of(
            Column.of("column_name", ColumnType.VARCHAR),
            Column.of("type", ColumnType.VARCHAR),
            Column.of("nullable", ColumnType.BOOLEAN),
            Column.of("primary_key", ColumnType.BOOLEAN),
            Column.of("watermark", ColumnType.VARCHAR)),
        new StaticRows(rows));
  }
}
