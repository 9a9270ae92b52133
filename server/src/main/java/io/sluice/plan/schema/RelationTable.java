package io.sluice.plan.schema;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.SqlTypes;
import io.sluice.plan.metadata.ScanColumnOrigins;
import io.sluice.spi.type.Column;
import io.sluice.sql.function.SluiceFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TemporalTable;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A catalog relation as Calcite's validator sees it: just its row type. Streams are not marked
 * {@code StreamableTable}: the planner strips {@code STREAM} before validation and decides push
 * versus snapshot itself. Sluice's own planner turns scans of it into source operators; Calcite
 * never executes it.
 *
 * <p>Every relation is a {@link TemporalTable} to the validator, so {@code JOIN t FOR SYSTEM_TIME
 * AS OF o.ts} validates; the planner then decides what the period means for {@code t} (a lookup of
 * a table as it is now, or the version of a keyed stream valid at that time) and refuses what it
 * cannot run.
 *
 * <p>A relation with computed columns ({@code pt AS PROCTIME()}) reads as a scan of the columns its
 * source stores with a projection computing the others over it, so a query sees {@code pt} exactly
 * as if it had written {@code PROCTIME() AS pt} in a view: a processing-time attribute.
 */
public final class RelationTable extends AbstractTable implements TemporalTable, TranslatableTable {
  private final RelationDefinition definition;

  public RelationTable(RelationDefinition definition) {
    this.definition = requireNonNull(definition, "definition is null");
  }

  public RelationDefinition definition() {
    return definition;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (Column column : definition.columns()) {
      builder.add(column.name(), SqlTypes.relDataType(typeFactory, column));
    }
    return builder.build();
  }

  /**
   * Also answers Calcite's column-origin question for scans of this relation, which it cannot
   * answer itself once a scan reads only some of the columns.
   */
  @Override
  public <C> C unwrap(Class<C> type) {
    if (type == BuiltInMetadata.ColumnOrigin.Handler.class) {
      return type.cast(ScanColumnOrigins.INSTANCE);
    }
    return super.unwrap(type);
  }

  /**
   * A scan; for a relation with computed columns, a scan of its stored columns (the source never
   * sees the others) under a projection computing them in their declared places.
   */
  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelOptCluster cluster = context.getCluster();
    if (definition.computedColumns().isEmpty()) {
      return LogicalTableScan.create(cluster, relOptTable, context.getTableHints());
    }
    RelationTable stored = new RelationTable(definition.physical());
    RelOptTable storedTable =
        RelOptTableImpl.create(
            relOptTable.getRelOptSchema(),
            stored.getRowType(cluster.getTypeFactory()),
            stored,
            ImmutableList.copyOf(relOptTable.getQualifiedName()));
    RelNode scan = LogicalTableScan.create(cluster, storedTable, context.getTableHints());
    RexBuilder rexBuilder = cluster.getRexBuilder();
    List<RexNode> projects = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int storedIndex = 0;
    for (Column column : definition.columns()) {
      names.add(column.name());
      if (definition.computed(column.name()).isPresent()) {
        projects.add(rexBuilder.makeCall(SluiceFunctions.PROCTIME));
      } else {
        projects.add(rexBuilder.makeInputRef(scan, storedIndex++));
      }
    }
    return LogicalProject.create(scan, List.of(), projects, names, Set.of());
  }

  /** The event-time column of a stream, where versions start; empty for tables. */
  @Override
  public String getSysStartFieldName() {
    return definition.watermarkSpec().map(w -> w.column()).orElse("");
  }

  /** Versions end where the next version of their key starts: no column holds it. */
  @Override
  public String getSysEndFieldName() {
    return "";
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.UNKNOWN;
  }
}
