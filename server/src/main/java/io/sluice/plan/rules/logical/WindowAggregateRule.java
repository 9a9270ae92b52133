package io.sluice.plan.rules.logical;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.LogicalWindowAggregate;
import io.sluice.plan.logical.RelTrees;
import io.sluice.plan.logical.TimeAttributes;
import io.sluice.plan.logical.WindowCalls;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.metadata.WindowColumn;
import io.sluice.plan.metadata.WindowProperties;
import io.sluice.plan.spec.WindowInfo;
import io.sluice.plan.spec.WindowSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * A GROUP BY over window bounds its input carries (window_start, window_end of a window table
 * function, or of a windowed aggregate emitting final rows) becomes a {@link
 * LogicalWindowAggregate}. Over a TUMBLE or HOP table function whose window columns are only passed
 * on as those keys, the table function is fused away: the aggregate assigns the windows itself from
 * the time column instead of the function copying every row once per window.
 */
public final class WindowAggregateRule extends RelRule<WindowAggregateRule.Config> {
  private WindowAggregateRule(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return; // refused, with the reason, by the physical aggregate rule
    }
    int[] keys = aggregate.getGroupSet().toArray();
    RelNode input = RelTrees.unwrap(aggregate.getInput());
    WindowProperties windows =
        SluiceRelMetadataQuery.of(aggregate.getCluster().getMetadataQuery())
            .windowProperties(input);
    WindowSpec spec = null;
    int startKey = -1;
    int endKey = -1;
    for (int position = 0; position < keys.length; position++) {
      Optional<WindowColumn> window = windows.of(keys[position]);
      if (window.isEmpty()
          || window.get().source() == WindowColumn.Source.AGGREGATE
              && window.get().spec().kind() == WindowSpec.Kind.SESSION) {
        continue;
      }
      spec = window.get().spec();
      if (window.get().role() == WindowColumn.Role.END) {
        endKey = position;
      } else {
        startKey = position;
      }
    }
    if (spec == null) {
      return;
    }
    WindowInfo window;
    if (spec.kind() == WindowSpec.Kind.SESSION) {
      checkSessionPartitionGrouped(input, keys);
      // The session table function hands on each row's time as its window bounds.
      int timeKey = startKey >= 0 ? startKey : endKey;
      window = new WindowInfo(spec, startKey, endKey, keys[timeKey]);
    } else {
      if (startKey < 0) {
        // Grouped by window_end only: the end key alone decides when the window closes.
        startKey = endKey;
      }
      boolean procTime = overProcessingTime(input);
      window = new WindowInfo(spec, startKey, endKey, -1);
      RelNode fused = assignWindowsInAggregate(input, keys, window, call, procTime);
      if (fused != null) {
        input = fused;
        window = new WindowInfo(spec, startKey, endKey, keys[startKey], procTime);
      } else if (procTime) {
        // windows assigned upstream close by the watermark, which processing time has none of
        throw SluiceErrors.unsupportedConstruct(
            "A window table function over processing time (PROCTIME()) whose window columns are"
                + " used other than as GROUP BY window_start, window_end keys");
      }
    }
    call.transformTo(LogicalWindowAggregate.create(aggregate, input, window));
  }

  /** Sessions are formed per group key, so SESSION's PARTITION BY must be grouped by too. */
  private static void checkSessionPartitionGrouped(RelNode input, int[] keys) {
    TableFunctionScan function = null;
    Set<Integer> grouped = new HashSet<>();
    for (int key : keys) {
      RelTrees.ColumnOrigin origin = RelTrees.origin(input, key);
      if (origin != null && origin.node() instanceof TableFunctionScan scan) {
        function = scan;
        grouped.add(origin.column());
      }
    }
    if (function != null
        && !grouped.containsAll(
            WindowCalls.sessionPartitionColumns((RexCall) function.getCall()))) {
      throw SluiceErrors.unsupportedConstruct(
          "A SESSION table function whose PARTITION BY columns are not all in the GROUP BY");
    }
  }

  /**
   * {@code GROUP BY …, window_start, window_end} straight over a TUMBLE or HOP table function, as a
   * calc that only passes the window columns on as those keys: returns the calc rewritten over the
   * table function's input (window columns read as the time column, which the aggregate then turns
   * into each window's bounds), or null when the shape does not allow it.
   */
  private static RelNode assignWindowsInAggregate(
      RelNode input, int[] keys, WindowInfo window, RelOptRuleCall call, boolean procTime) {
    if (!(input instanceof LogicalCalc calc)
        || window.endKey() < 0
        || window.startKey() == window.endKey()) {
      return null;
    }
    RelNode below = RelTrees.unwrap(calc.getInput());
    if (!(below instanceof TableFunctionScan function)
        || function.getInputs().size() != 1
        || !WindowCalls.isWindowTableFunction(function.getCall())) {
      return null;
    }
    RexCall windowCall = (RexCall) function.getCall();
    RelNode source = function.getInputs().get(0);
    int timeColumn = WindowCalls.descriptorColumn(windowCall);
    int start = source.getRowType().getFieldCount();
    RexProgram program = calc.getProgram();
    if (program.getCondition() != null
        && references(program.expandLocalRef(program.getCondition()), start)) {
      return null;
    }
    RexBuilder rexBuilder = calc.getCluster().getRexBuilder();
    RexNode time = rexBuilder.makeInputRef(source.getRowType(), timeColumn);
    List<RexNode> projects = new ArrayList<>();
    List<RexLocalRef> projectList = program.getProjectList();
    for (int column = 0; column < projectList.size(); column++) {
      RexNode expression = program.expandLocalRef(projectList.get(column));
      if (expression instanceof RexInputRef ref && ref.getIndex() >= start) {
        int position = -1;
        for (int k = 0; k < keys.length; k++) {
          position = keys[k] == column ? k : position;
        }
        boolean startKey = position == window.startKey() && ref.getIndex() == start;
        boolean endKey = position == window.endKey() && ref.getIndex() == start + 1;
        if (!startKey && !endKey) {
          return null;
        }
        projects.add(time);
      } else if (references(expression, start)) {
        return null;
      } else {
        projects.add(expression);
      }
    }
    if (PlannerContext.of(call.getPlanner()).push() && !procTime) {
      // the table function goes, and with it the check its own rule would have made
      WindowCalls.requireEventTime(source, time, windowCall.getOperator().getName());
    }
    RexNode condition =
        program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    RexProgram rewritten =
        RexProgram.create(
            source.getRowType(),
            projects,
            condition,
            program.getOutputRowType().getFieldNames(),
            rexBuilder);
    return LogicalCalc.create(source, rewritten);
  }

  /**
   * Whether {@code input} is a calc over a TUMBLE or HOP table function whose time column is
   * processing time ({@code DESCRIPTOR(pt)} with {@code pt AS PROCTIME()}): its windows then close
   * on the wall clock.
   */
  private static boolean overProcessingTime(RelNode input) {
    RelNode below = input instanceof LogicalCalc calc ? RelTrees.unwrap(calc.getInput()) : input;
    return below instanceof TableFunctionScan function
        && function.getInputs().size() == 1
        && WindowCalls.isWindowTableFunction(function.getCall())
        && TimeAttributes.of(
                function.getInputs().get(0),
                WindowCalls.descriptorColumn((RexCall) function.getCall()))
            == TimeAttributes.Kind.PROC_TIME;
  }

  /** Whether an expression reads any input column at or after {@code first}. */
  private static boolean references(RexNode expression, int first) {
    return RelOptUtil.InputFinder.bits(expression).nextSetBit(first) >= 0;
  }

  /** The rule's settings: any {@link LogicalAggregate}. */
  public record Config(
      RelBuilderFactory relBuilderFactory, String description, OperandTransform operandSupplier)
      implements RelRule.Config {
    public static final Config DEFAULT =
        new Config(
            RelFactories.LOGICAL_BUILDER,
            "WindowAggregateRule",
            b0 -> b0.operand(LogicalAggregate.class).anyInputs());

    public Config {
      requireNonNull(relBuilderFactory, "relBuilderFactory is null");
      requireNonNull(operandSupplier, "operandSupplier is null");
    }

    @Override
    public WindowAggregateRule toRule() {
      return new WindowAggregateRule(this);
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
