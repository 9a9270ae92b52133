package io.sluice.plan.rules.physical;

import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamValues;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalValues;

/** {@code VALUES} → {@link StreamValues}. */
public final class StreamValuesRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalValues.class, Convention.NONE, SluiceRel.CONVENTION, "StreamValuesRule")
          .withRuleFactory(StreamValuesRule::new);

  private StreamValuesRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalValues values = (LogicalValues) rel;
    return new StreamValues(
        values.getCluster(),
        values.getRowType(),
        values.getTuples(),
        values.getTraitSet().replace(SluiceRel.CONVENTION));
  }
}
