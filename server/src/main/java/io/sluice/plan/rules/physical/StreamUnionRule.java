package io.sluice.plan.rules.physical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamUnion;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalUnion;

/** {@code UNION ALL} → {@link StreamUnion}; a UNION that removes duplicates is refused. */
public final class StreamUnionRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalUnion.class, Convention.NONE, SluiceRel.CONVENTION, "StreamUnionRule")
          .withRuleFactory(StreamUnionRule::new);

  private StreamUnionRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalUnion union = (LogicalUnion) rel;
    if (!union.all) {
      throw SluiceErrors.unsupportedConstruct("UNION without ALL (duplicate elimination)");
    }
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode input : union.getInputs()) {
      inputs.add(convert(input, SluiceRel.CONVENTION));
    }
    return new StreamUnion(
        union.getCluster(), union.getTraitSet().replace(SluiceRel.CONVENTION), inputs);
  }
}
