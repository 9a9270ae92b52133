package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.ModelDefinition;
import io.sluice.catalog.SqlTypes;
import io.sluice.error.SluiceErrors;
import io.sluice.exec.model.ModelRegistry;
import io.sluice.exec.model.ModelSignature;
import io.sluice.server.result.StatementResult;
import io.sluice.server.result.StaticRows;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.SqlDescribeModel;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DESCRIBE MODEL name}: the model's INPUT and OUTPUT columns, and for each the tensor of the
 * loaded version it maps to (e.g. {@code features[2] FLOAT}).
 */
public final class DescribeModelTask implements StatementTask<SqlDescribeModel> {
  private final Catalog catalog;
  private final ModelRegistry models;

  public DescribeModelTask(Catalog catalog, ModelRegistry models) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.models = requireNonNull(models, "models is null");
  }

  @Override
  public Class<SqlDescribeModel> statementType() {
    return SqlDescribeModel.class;
  }

  @Override
  public StatementResult execute(SqlDescribeModel describe, StatementContext context) {
    String name = describe.name().toString();
    ModelDefinition model =
        catalog
            .findModel(name)
            .orElseThrow(
                () ->
                    SluiceErrors.relationNotFound(
                        describe.name().getParserPosition(), "Model", name));
    ModelSignature signature =
        models.status(model.name()).map(status -> status.signature()).orElse(null);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < model.inputs().size(); i++) {
      Column column = model.inputs().get(i);
      rows.add(
          new Object[] {
            column.name(),
            SqlTypes.typeText(column),
            "INPUT",
            signature == null ? null : signature.describeInput(i)
          });
    }
    for (int i = 0; i < model.outputs().size(); i++) {
      Column column = model.outputs().get(i);
      rows.add(
          new Object[] {
            column.name(),
            SqlTypes.typeText(column),
            "OUTPUT",
            signature == null ? null : signature.describeOutput(i)
          });
    }
    return new StatementResult.Rows(
        List.of(
            Column.of("column_name", ColumnType.VARCHAR),
            Column.of("type", ColumnType.VARCHAR),
            Column.of("role", ColumnType.VARCHAR),
            Column.of("tensor", ColumnType.VARCHAR)),
        new StaticRows(rows));
  }
}
