package io.sluice.plan.rules.logical;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.LogicalWindowAggregate;
import io.sluice.plan.logical.TimeAttributes;
import io.sluice.plan.logical.WindowCalls;
import io.sluice.plan.spec.WindowInfo;
import io.sluice.plan.spec.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * {@code GROUP BY TUMBLE|HOP|SESSION(ts, …), …} (Calcite's group window functions, in the calc
 * under the aggregate) becomes a {@link LogicalWindowAggregate} that assigns the windows itself
 * from the time column: the calc passes {@code ts} on in the window function's place.
 */
public final class GroupWindowAggregateRule extends RelRule<GroupWindowAggregateRule.Config> {
  private GroupWindowAggregateRule(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    LogicalCalc calc = call.rel(1);
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return; // refused, with the reason, by the physical aggregate rule
    }
    int[] keys = aggregate.getGroupSet().toArray();
    RexProgram program = calc.getProgram();
    List<RexNode> projects = new ArrayList<>();
    for (RexLocalRef ref : program.getProjectList()) {
      projects.add(program.expandLocalRef(ref));
    }
    WindowInfo window = null;
    for (int position = 0; position < keys.length; position++) {
      RexNode key = projects.get(keys[position]);
      if (!WindowCalls.isGroupWindow(key)) {
        continue;
      }
      if (window != null) {
        throw SluiceErrors.unsupportedConstruct("More than one window in GROUP BY");
      }
      RexCall windowCall = (RexCall) key;
      RexNode time = windowCall.getOperands().get(0);
      boolean procTime =
          TimeAttributes.isProcTimeCall(time)
              || time instanceof RexInputRef ref
                  && TimeAttributes.of(calc.getInput(), ref.getIndex())
                      == TimeAttributes.Kind.PROC_TIME;
      WindowSpec spec = WindowCalls.groupWindowSpec(windowCall);
      if (procTime && spec.kind() == WindowSpec.Kind.SESSION) {
        throw SluiceErrors.unsupportedConstruct("SESSION windows over processing time");
      }
      window = new WindowInfo(spec, position, -1, keys[position], procTime);
      if (PlannerContext.of(call.getPlanner()).push() && !procTime) {
        WindowCalls.requireEventTime(calc.getInput(), time, windowCall.getOperator().getName());
      }
      projects.set(keys[position], time);
    }
    if (window == null) {
      return;
    }
    RexNode condition =
        program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    RexProgram rewritten =
        RexProgram.create(
            calc.getInput().getRowType(),
            projects,
            condition,
            program.getOutputRowType().getFieldNames(),
            calc.getCluster().getRexBuilder());
    call.transformTo(
        LogicalWindowAggregate.create(
            aggregate, LogicalCalc.create(calc.getInput(), rewritten), window));
  }

  /** The rule's settings: a {@link LogicalAggregate} directly over a {@link LogicalCalc}. */
  public record Config(
      RelBuilderFactory relBuilderFactory, String description, OperandTransform operandSupplier)
      implements RelRule.Config {
    public static final Config DEFAULT =
        new Config(
            RelFactories.LOGICAL_BUILDER,
            "GroupWindowAggregateRule",
            b0 ->
                b0.operand(LogicalAggregate.class)
                    .oneInput(b1 -> b1.operand(LogicalCalc.class).anyInputs()));

    public Config {
      requireNonNull(relBuilderFactory, "relBuilderFactory is null");
      requireNonNull(operandSupplier, "operandSupplier is null");
    }

    @Override
    public GroupWindowAggregateRule toRule() {
      return new GroupWindowAggregateRule(this);
    }

    @Override
    public Config withRelBuilderFactory(RelBuilderFactory factory) {
      return new Config(factory, description, operandSupplier);
    }

    @Override
    public Config withDescription(String description) {
      return new Config(relBuilderFactory, description, operandSupplier);
    }

    @Override
    public Config withOperandSupplier(OperandTransform transform) {
      return new Config(relBuilderFactory, description, transform);
    }
  }
}
