package io.sluice.plan.rules.physical;

import io.sluice.plan.logical.MlPredictCalls;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamMlPredict;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rex.RexCall;

/** {@code ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(…))} → {@link StreamMlPredict}. */
public final class StreamMlPredictRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalTableFunctionScan.class,
              MlPredictCalls::isMlPredict,
              Convention.NONE,
              SluiceRel.CONVENTION,
              "StreamMlPredictRule")
          .withRuleFactory(StreamMlPredictRule::new);

  private StreamMlPredictRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalTableFunctionScan scan = (LogicalTableFunctionScan) rel;
    RexCall call = (RexCall) scan.getCall();
    RelNode input = scan.getInputs().get(0);
    return new StreamMlPredict(
        scan.getCluster(),
        scan.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(input, SluiceRel.CONVENTION),
        scan.getRowType(),
        MlPredictCalls.model(call),
        MlPredictCalls.featureColumns(call));
  }
}
