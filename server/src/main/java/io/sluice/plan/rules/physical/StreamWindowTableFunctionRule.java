package io.sluice.plan.rules.physical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.MlPredictCalls;
import io.sluice.plan.logical.TimeAttributes;
import io.sluice.plan.logical.WindowCalls;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamWindowTableFunction;
import io.sluice.plan.spec.WindowSpec;
import io.sluice.sql.function.SqlUserTableFunction;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rex.RexCall;

/**
 * {@code TABLE(TUMBLE|HOP|SESSION(TABLE s, DESCRIPTOR(ts), …))} → {@link
 * StreamWindowTableFunction}, on an event-time column in push queries; user-defined table functions
 * are left to the correlate calling them; other table functions are refused.
 */
public final class StreamWindowTableFunctionRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalTableFunctionScan.class,
              // ML_PREDICT has a rule of its own; any other table function is refused here
              (LogicalTableFunctionScan scan) -> !MlPredictCalls.isMlPredict(scan),
              Convention.NONE,
              SluiceRel.CONVENTION,
              "StreamWindowTableFunctionRule")
          .withRuleFactory(StreamWindowTableFunctionRule::new);

  private StreamWindowTableFunctionRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalTableFunctionScan scan = (LogicalTableFunctionScan) rel;
    if (scan.getCall() instanceof RexCall call
        && call.getOperator() instanceof SqlUserTableFunction) {
      // A user-defined table function is called by the correlate over it (StreamCorrelateRule).
      return null;
    }
    if (!(scan.getCall() instanceof RexCall call) || scan.getInputs().size() != 1) {
      throw SluiceErrors.unsupportedConstruct("Table function " + scan.getCall());
    }
    WindowSpec spec = WindowCalls.tableFunctionSpec(call);
    int time = WindowCalls.descriptorColumn(call);
    RelNode input = scan.getInputs().get(0);
    // Over processing time only a window top-N (or an aggregate assigning the windows itself)
    // closes the windows on the wall clock: which consumer it has shows on the plan (PlanChecks).
    if (PlannerContext.of(scan).push()
        && TimeAttributes.of(input, time) != TimeAttributes.Kind.PROC_TIME) {
      WindowCalls.requireEventTime(
          input,
          scan.getCluster().getRexBuilder().makeInputRef(input.getRowType(), time),
          call.getOperator().getName());
    }
    return new StreamWindowTableFunction(
        scan.getCluster(),
        scan.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(input, SluiceRel.CONVENTION),
        scan.getRowType(),
        time,
        spec,
        WindowCalls.sessionPartitionColumns(call));
  }
}
