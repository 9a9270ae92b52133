package io.sluice.plan.schema;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.SqlTypes;
import io.sluice.spi.type.Column;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A plain view as Calcite sees it: the validator checks queries against the columns the view was
 * created with, and converting a read of it to relational algebra expands the view's query in its
 * place (through the planner's view expander), so the runtime only ever scans the streams and
 * tables underneath — a view over a stream is read as a stream.
 */
public final class ViewTable extends AbstractTable implements TranslatableTable {
  /** Option holding the view's query text. */
  public static final String QUERY_OPTION = RelationDefinitions.VIEW_QUERY_OPTION;

  private final RelationDefinition definition;

  public ViewTable(RelationDefinition definition) {
    this.definition = requireNonNull(definition, "definition is null");
  }

  public RelationDefinition definition() {
    return definition;
  }

  /** The view's query, as the user wrote it. */
  public String query() {
    return definition.options().get(QUERY_OPTION);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (Column column : definition.columns()) {
      builder.add(column.name(), SqlTypes.relDataType(typeFactory, column));
    }
    return builder.build();
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelDataType rowType = getRowType(context.getCluster().getTypeFactory());
    return context.expandView(
            rowType,
            query(),
            List.of(CatalogSchema.NAME),
            List.of(CatalogSchema.NAME, definition.name()))
        .rel;
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.UNKNOWN;
  }
}
