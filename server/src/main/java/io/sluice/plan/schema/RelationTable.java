package io.sluice.plan.schema;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.SqlTypes;
import io.sluice.plan.metadata.ScanColumnOrigins;
import io.sluice.spi.type.Column;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TemporalTable;
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
 */
public final class RelationTable extends AbstractTable implements TemporalTable {
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
