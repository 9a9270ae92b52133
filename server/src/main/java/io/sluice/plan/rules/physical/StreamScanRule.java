package io.sluice.plan.rules.physical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.nodes.ProjectedScan;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamScan;
import io.sluice.plan.schema.RelationTable;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.ImmutableIntList;

/**
 * A scan of a declared relation (all its columns, or the ones a query reads) → {@link StreamScan}.
 */
public final class StreamScanRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(TableScan.class, Convention.NONE, SluiceRel.CONVENTION, "StreamScanRule")
          .withRuleFactory(StreamScanRule::new);

  private StreamScanRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    TableScan scan = (TableScan) rel;
    if (scan.getTable().unwrap(RelationTable.class) == null) {
      throw SluiceErrors.unsupportedConstruct(
          "Reading table " + scan.getTable().getQualifiedName());
    }
    ImmutableIntList columns =
        scan instanceof ProjectedScan projected
            ? projected.columns()
            : ImmutableIntList.copyOf(
                ImmutableBitSet.range(scan.getTable().getRowType().getFieldCount()).asList());
    return new StreamScan(
        scan.getCluster(),
        scan.getTraitSet().replace(SluiceRel.CONVENTION),
        scan.getTable(),
        columns);
  }
}
