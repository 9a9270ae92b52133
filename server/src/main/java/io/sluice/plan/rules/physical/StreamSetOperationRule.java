package io.sluice.plan.rules.physical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannerContext;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamSetOperation;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.logical.LogicalIntersect;
import org.apache.calcite.rel.logical.LogicalMinus;

/**
 * {@code INTERSECT ALL} / {@code EXCEPT ALL} → {@link StreamSetOperation}. The distinct forms never
 * reach here: {@code SluiceRules.SET_OPERATIONS} rewrites them to aggregates first.
 */
public final class StreamSetOperationRule extends ConverterRule {
  public static final Config INTERSECT =
      Config.INSTANCE
          .withConversion(
              LogicalIntersect.class,
              Convention.NONE,
              SluiceRel.CONVENTION,
              "StreamSetOperationRule(INTERSECT)")
          .withRuleFactory(StreamSetOperationRule::new);

  public static final Config EXCEPT =
      Config.INSTANCE
          .withConversion(
              LogicalMinus.class,
              Convention.NONE,
              SluiceRel.CONVENTION,
              "StreamSetOperationRule(EXCEPT)")
          .withRuleFactory(StreamSetOperationRule::new);

  private StreamSetOperationRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    SetOp setOp = (SetOp) rel;
    if (!setOp.all) {
      throw SluiceErrors.unsupportedConstruct(setOp.kind + " without ALL here");
    }
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode input : setOp.getInputs()) {
      inputs.add(convert(input, SluiceRel.CONVENTION));
    }
    return new StreamSetOperation(
        setOp.getCluster(),
        setOp.getTraitSet().replace(SluiceRel.CONVENTION),
        inputs,
        setOp.kind,
        PlannerContext.of(setOp).push());
  }
}
