package io.sluice.plan;

import io.sluice.catalog.RelationKind;
import io.sluice.catalog.SqlTypes;
import io.sluice.error.SluiceErrors;
import io.sluice.plan.physical.AggregateCallSpec;
import io.sluice.plan.physical.ChangelogMode;
import io.sluice.plan.physical.OutputMode;
import io.sluice.plan.physical.PhysicalAggregate;
import io.sluice.plan.physical.PhysicalCalc;
import io.sluice.plan.physical.PhysicalJoin;
import io.sluice.plan.physical.PhysicalLimit;
import io.sluice.plan.physical.PhysicalNode;
import io.sluice.plan.physical.PhysicalScan;
import io.sluice.plan.physical.PhysicalSort;
import io.sluice.plan.physical.PhysicalUnion;
import io.sluice.plan.physical.PhysicalValues;
import io.sluice.plan.physical.PhysicalWindowTableFunction;
import io.sluice.plan.physical.WindowInfo;
import io.sluice.plan.physical.WindowSpec;
import io.sluice.plan.schema.RelationTable;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Turns Calcite's optimised logical plan into Sluice's physical plan. Anything the runtime cannot
 * execute yet is rejected here with an error naming the SQL construct.
 */
public final class PhysicalPlanner {
  private final OutputMode requestedMode;
  private final boolean push;
  private boolean sawAggregate;

  /**
   * @param requestedMode the session's output mode; ignored for snapshot queries, whose aggregates
   *     emit once at end of input
   * @param push whether this is a push query ({@code SELECT STREAM})
   */
  public PhysicalPlanner(OutputMode requestedMode, boolean push) {
    this.requestedMode = push ? requestedMode : OutputMode.FINAL;
    this.push = push;
  }

  /** Converts the whole plan and checks the output mode fits it. */
  public PhysicalNode plan(RelNode rel) {
    PhysicalNode root = toPhysical(rel);
    checkSessionsAggregated(root, false);
    if (requestedMode == OutputMode.COMPLETE && !sawAggregate) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Output mode complete needs an "
              + "aggregation (GROUP BY or aggregate functions): without one the result table is "
              + "the whole input; use append");
    }
    return root;
  }

  private PhysicalNode toPhysical(RelNode rel) {
    if (rel instanceof LogicalTableScan || rel instanceof ProjectedTableScan) {
      RelationTable table = rel.getTable().unwrap(RelationTable.class);
      if (table == null) {
        throw SluiceErrors.unsupportedConstruct(
            "Reading table " + rel.getTable().getQualifiedName());
      }
      List<Integer> columns = new ArrayList<>();
      if (rel instanceof ProjectedTableScan) {
        columns.addAll(((ProjectedTableScan) rel).columns());
      } else {
        for (int i = 0; i < table.definition().columns().size(); i++) {
          columns.add(i);
        }
      }
      return new PhysicalScan(rel.getRowType(), table.definition(), columns);
    }
    if (rel instanceof LogicalCalc) {
      LogicalCalc calc = (LogicalCalc) rel;
      if (RexOver.containsOver(calc.getProgram())) {
        throw SluiceErrors.unsupportedConstruct("OVER windows (ROW_NUMBER, RANK, aggregates OVER)");
      }
      return new PhysicalCalc(toPhysical(calc.getInput()), calc.getProgram());
    }
    if (rel instanceof LogicalAggregate) {
      return aggregate((LogicalAggregate) rel);
    }
    if (rel instanceof LogicalTableFunctionScan) {
      return windowTableFunction((LogicalTableFunctionScan) rel);
    }
    if (rel instanceof LogicalJoin) {
      return join((LogicalJoin) rel);
    }
    if (rel instanceof LogicalUnion) {
      LogicalUnion union = (LogicalUnion) rel;
      if (!union.all) {
        throw SluiceErrors.unsupportedConstruct("UNION without ALL (duplicate elimination)");
      }
      List<PhysicalNode> inputs = new ArrayList<>();
      for (RelNode input : union.getInputs()) {
        inputs.add(toPhysical(input));
      }
      return new PhysicalUnion(rel.getRowType(), inputs);
    }
    if (rel instanceof LogicalValues) {
      return values((LogicalValues) rel);
    }
    if (rel instanceof Sort) {
      Sort sort = (Sort) rel;
      if (!sort.getCollation().getFieldCollations().isEmpty()) {
        if (push) {
          throw SluiceErrors.unsupportedConstruct(
              "ORDER BY in a push query (SELECT STREAM); "
                  + "a stream has no end to sort up to. ORDER BY");
        }
        return new PhysicalSort(
            toPhysical(sort.getInput()),
            sort.getCollation().getFieldCollations(),
            literalLong(sort.offset, 0),
            literalLong(sort.fetch, -1));
      }
      return new PhysicalLimit(
          toPhysical(sort.getInput()), literalLong(sort.offset, 0), literalLong(sort.fetch, -1));
    }
    throw SluiceErrors.unsupportedConstruct(describe(rel));
  }

  /** A session table function only makes sense under the GROUP BY that forms the sessions. */
  private static void checkSessionsAggregated(PhysicalNode node, boolean underAggregate) {
    if (node instanceof PhysicalWindowTableFunction
        && !underAggregate
        && ((PhysicalWindowTableFunction) node).spec().kind() == WindowSpec.Kind.SESSION) {
      throw SluiceErrors.unsupportedConstruct(
          "The SESSION table function without a GROUP BY " + "window_start, window_end over it");
    }
    for (PhysicalNode input : node.inputs()) {
      checkSessionsAggregated(
          input,
          node instanceof PhysicalAggregate || underAggregate && node instanceof PhysicalCalc);
    }
  }

  private PhysicalNode aggregate(LogicalAggregate aggregate) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      throw SluiceErrors.unsupportedConstruct("GROUPING SETS, ROLLUP and CUBE");
    }
    sawAggregate = true;
    int[] keys = aggregate.getGroupSet().toArray();
    RelNode input = aggregate.getInput();
    WindowInfo window = null;
    if (input instanceof LogicalCalc) {
      LogicalCalc calc = (LogicalCalc) input;
      RexProgram program = calc.getProgram();
      List<RexNode> projects = new ArrayList<>();
      for (RexLocalRef ref : program.getProjectList()) {
        projects.add(program.expandLocalRef(ref));
      }
      for (int position = 0; position < keys.length; position++) {
        RexNode key = projects.get(keys[position]);
        if (key instanceof RexCall && isGroupWindow(key.getKind())) {
          if (window != null) {
            throw SluiceErrors.unsupportedConstruct("More than one window in GROUP BY");
          }
          RexCall call = (RexCall) key;
          window = new WindowInfo(groupWindowSpec(call), position, -1, keys[position]);
          RexNode time = call.getOperands().get(0);
          requireEventTime(calc.getInput(), time, call.getOperator().getName());
          projects.set(keys[position], time);
        }
      }
      if (window != null) {
        RexNode condition =
            program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
        RexProgram rewritten =
            RexProgram.create(
                calc.getInput().getRowType(),
                projects,
                condition,
                program.getOutputRowType().getFieldNames(),
                calc.getCluster().getRexBuilder());
        input = LogicalCalc.create(calc.getInput(), rewritten);
      }
    }
    PhysicalNode physicalInput = toPhysical(input);
    if (physicalInput.changelogMode() != ChangelogMode.INSERT_ONLY) {
      throw SluiceErrors.unsupportedConstruct(
          "Aggregation over an updating result (an aggregate of an aggregate)");
    }
    if (window == null) {
      window = windowFromInput(physicalInput, keys);
      if (window != null && !window.assignsWindows()) {
        PhysicalNode fused =
            assignWindowsInAggregate(
                physicalInput, keys, window, aggregate.getCluster().getRexBuilder());
        if (fused != null) {
          physicalInput = fused;
          window =
              new WindowInfo(
                  window.spec(), window.startKey(), window.endKey(), keys[window.startKey()]);
        }
      }
    }
    if (window != null && push && containsIntervalJoin(physicalInput)) {
      throw SluiceErrors.unsupportedConstruct(
          "A window over the result of an interval join "
              + "(joined rows carry times older than the watermark; they would be dropped as late)");
    }
    List<AggregateCallSpec> calls = new ArrayList<>();
    List<String> names = aggregate.getRowType().getFieldNames();
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      calls.add(
          callSpec(
              aggregate.getAggCallList().get(i), input.getRowType(), names.get(keys.length + i)));
    }
    return new PhysicalAggregate(
        aggregate.getRowType(), physicalInput, keys, calls, window, resolveMode(window != null));
  }

  /**
   * {@code GROUP BY …, window_start, window_end} straight over a TUMBLE or HOP table function, as a
   * calc that only passes the window columns on as those keys: the aggregate can assign the windows
   * itself from the time column, as for {@code GROUP BY TUMBLE(ts, …)}, instead of the table
   * function copying every row once per window. Returns the calc rewritten over the table
   * function's input (window columns read as the time column, which the aggregate then turns into
   * each window's bounds), or null when the shape does not allow it.
   */
  private static PhysicalNode assignWindowsInAggregate(
      PhysicalNode input, int[] keys, WindowInfo window, RexBuilder rexBuilder) {
    if (!(input instanceof PhysicalCalc)
        || !(((PhysicalCalc) input).input() instanceof PhysicalWindowTableFunction)
        || window.spec().kind() == WindowSpec.Kind.SESSION
        || window.endKey() < 0
        || window.startKey() == window.endKey()) {
      return null;
    }
    PhysicalCalc calc = (PhysicalCalc) input;
    PhysicalWindowTableFunction function = (PhysicalWindowTableFunction) calc.input();
    int start = function.windowStartColumn();
    RexProgram program = calc.program();
    if (program.getCondition() != null
        && references(program.expandLocalRef(program.getCondition()), start)) {
      return null;
    }
    RelDataType sourceType = function.input().rowType();
    RexNode time = rexBuilder.makeInputRef(sourceType, function.timeColumn());
    List<RexNode> projects = new ArrayList<>();
    List<RexLocalRef> projectList = program.getProjectList();
    for (int column = 0; column < projectList.size(); column++) {
      RexNode expression = program.expandLocalRef(projectList.get(column));
      if (expression instanceof RexInputRef && ((RexInputRef) expression).getIndex() >= start) {
        int position = -1;
        for (int k = 0; k < keys.length; k++) {
          position = keys[k] == column ? k : position;
        }
        boolean startKey =
            position == window.startKey() && ((RexInputRef) expression).getIndex() == start;
        boolean endKey =
            position == window.endKey() && ((RexInputRef) expression).getIndex() == start + 1;
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
    RexNode condition =
        program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    RexProgram rewritten =
        RexProgram.create(
            sourceType,
            projects,
            condition,
            program.getOutputRowType().getFieldNames(),
            rexBuilder);
    return new PhysicalCalc(function.input(), rewritten);
  }

  /** Whether an expression reads any input column at or after {@code first}. */
  private static boolean references(RexNode expression, int first) {
    return RelOptUtil.InputFinder.bits(expression).nextSetBit(first) >= 0;
  }

  private static boolean containsAggregate(PhysicalNode node) {
    return node instanceof PhysicalAggregate
        || node.inputs().stream().anyMatch(PhysicalPlanner::containsAggregate);
  }

  private static boolean containsIntervalJoin(PhysicalNode node) {
    if (node instanceof PhysicalJoin
        && (((PhysicalJoin) node).strategy() == PhysicalJoin.Strategy.INTERVAL
            || ((PhysicalJoin) node).strategy() == PhysicalJoin.Strategy.REGULAR)) {
      return true;
    }
    return node.inputs().stream().anyMatch(PhysicalPlanner::containsIntervalJoin);
  }

  private OutputMode resolveMode(boolean windowed) {
    switch (requestedMode) {
      case AUTO:
        return windowed ? OutputMode.APPEND : OutputMode.UPDATE;
      case APPEND:
        if (!windowed) {
          throw new SluiceException(
              ErrorCode.VALIDATION_ERROR,
              "Output mode append cannot be "
                  + "used for an aggregation without an event-time window: its rows change as data "
                  + "arrives and are never final. Use update or complete, or GROUP BY a window "
                  + "(TUMBLE, HOP)");
        }
        return OutputMode.APPEND;
      default:
        return requestedMode;
    }
  }

  private static boolean isGroupWindow(SqlKind kind) {
    return kind == SqlKind.TUMBLE || kind == SqlKind.HOP || kind == SqlKind.SESSION;
  }

  private static WindowSpec groupWindowSpec(RexCall call) {
    List<RexNode> operands = call.getOperands();
    switch (call.getKind()) {
      case TUMBLE:
        if (operands.size() > 2) {
          throw SluiceErrors.unsupportedConstruct("TUMBLE with an alignment offset");
        }
        return WindowSpec.tumble(intervalMillis(operands.get(1)));
      case HOP:
        if (operands.size() > 3) {
          throw SluiceErrors.unsupportedConstruct("HOP with an alignment offset");
        }
        return WindowSpec.hop(intervalMillis(operands.get(1)), intervalMillis(operands.get(2)));
      default:
        return session(intervalMillis(operands.get(1)));
    }
  }

  private static WindowSpec session(long gap) {
    return new WindowSpec(WindowSpec.Kind.SESSION, gap, gap);
  }

  private static long intervalMillis(RexNode node) {
    if (node instanceof RexLiteral) {
      Long value = ((RexLiteral) node).getValueAs(Long.class);
      if (value != null && value > 0) {
        return value;
      }
    }
    throw SluiceErrors.unsupportedConstruct(
        "A window size that is not a positive interval " + "literal (" + node + ")");
  }

  /** Push queries need their windows on an event-time column, or windows would never close. */
  private void requireEventTime(RelNode input, RexNode time, String function) {
    if (!push) {
      return;
    }
    if (time instanceof RexInputRef) {
      RelMetadataQuery mq = input.getCluster().getMetadataQuery();
      Set<RelColumnOrigin> origins = mq.getColumnOrigins(input, ((RexInputRef) time).getIndex());
      if (origins != null) {
        for (RelColumnOrigin origin : origins) {
          RelationTable table = origin.getOriginTable().unwrap(RelationTable.class);
          if (table != null && table.definition().watermark() != null && !origin.isDerived()) {
            String column =
                table.definition().columns().get(origin.getOriginColumnOrdinal()).name();
            if (column.equalsIgnoreCase(table.definition().watermark().column())) {
              return;
            }
          }
        }
      }
    }
    throw new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        function
            + " over "
            + time
            + " needs an event-time column: a column a stream declares with WATERMARK FOR; "
            + "without a watermark its windows would never close");
  }

  /**
   * Window bounds that come from a window table function or a windowed aggregate below, traced
   * through calcs.
   */
  private static WindowInfo windowFromInput(PhysicalNode input, int[] keys) {
    WindowSpec spec = null;
    int startKey = -1;
    int endKey = -1;
    PhysicalWindowTableFunction source = null;
    java.util.Set<Integer> grouped = new java.util.HashSet<>();
    for (int position = 0; position < keys.length; position++) {
      ColumnOrigin origin = origin(input, keys[position]);
      if (origin == null) {
        continue;
      }
      PhysicalNode node = origin.node();
      int column = origin.column();
      if (node instanceof PhysicalWindowTableFunction) {
        PhysicalWindowTableFunction function = (PhysicalWindowTableFunction) node;
        source = function;
        grouped.add(column);
        if (column == function.windowStartColumn()) {
          startKey = position;
          spec = function.spec();
        } else if (column == function.windowStartColumn() + 1) {
          endKey = position;
          spec = function.spec();
        }
      } else if (node instanceof PhysicalAggregate) {
        // Grouping a windowed aggregate's result by its window again (e.g. the top count per
        // window): each window's rows arrive once, when it closes upstream.
        WindowBound bound = windowBound(node, column);
        if (bound != null && bound.spec().kind() != WindowSpec.Kind.SESSION) {
          spec = bound.spec();
          if (bound.end()) {
            endKey = position;
          } else {
            startKey = position;
          }
        }
      }
    }
    if (spec == null) {
      return null;
    }
    if (spec.kind() == WindowSpec.Kind.SESSION) {
      // Sessions are formed per group key, so PARTITION BY must be grouped by too.
      if (!grouped.containsAll(source.partitionColumns())) {
        throw SluiceErrors.unsupportedConstruct(
            "A SESSION table function whose PARTITION BY " + "columns are not all in the GROUP BY");
      }
      // The session table function hands on each row's time as its window bounds.
      int timeKey = startKey >= 0 ? startKey : endKey;
      return new WindowInfo(spec, startKey, endKey, keys[timeKey]);
    }
    if (startKey < 0) {
      // Grouped by window_end only: the end key alone decides when the window closes.
      startKey = endKey;
    }
    return new WindowInfo(spec, startKey, endKey, -1);
  }

  private static AggregateCallSpec callSpec(
      AggregateCall call, RelDataType inputType, String name) {
    SqlKind kind = call.getAggregation().getKind();
    AggregateCallSpec.Function function;
    switch (kind) {
      case COUNT:
        function =
            call.isDistinct()
                ? AggregateCallSpec.Function.COUNT_DISTINCT
                : AggregateCallSpec.Function.COUNT;
        break;
      case SUM:
        function = AggregateCallSpec.Function.SUM;
        break;
      case AVG:
        function = AggregateCallSpec.Function.AVG;
        break;
      case MIN:
        function = AggregateCallSpec.Function.MIN;
        break;
      case MAX:
        function = AggregateCallSpec.Function.MAX;
        break;
      default:
        throw SluiceErrors.unsupportedConstruct(
            "Aggregate function " + call.getAggregation().getName());
    }
    if (call.isDistinct() && function != AggregateCallSpec.Function.COUNT_DISTINCT) {
      throw SluiceErrors.unsupportedConstruct(call.getAggregation().getName() + "(DISTINCT …)");
    }
    if (call.getArgList().size() > 1) {
      throw SluiceErrors.unsupportedConstruct(
          call.getAggregation().getName() + " with more than one argument");
    }
    int argument = call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
    ColumnType argumentType =
        argument < 0 ? null : SqlTypes.columnType(inputType.getFieldList().get(argument).getType());
    RelDataType resultType = call.getType();
    int scale = resultType.getSqlTypeName().allowsScale() ? resultType.getScale() : -1;
    return new AggregateCallSpec(
        function,
        argument,
        call.filterArg,
        argumentType,
        SqlTypes.columnType(resultType),
        scale,
        name);
  }

  private PhysicalNode windowTableFunction(LogicalTableFunctionScan scan) {
    if (!(scan.getCall() instanceof RexCall) || scan.getInputs().size() != 1) {
      throw SluiceErrors.unsupportedConstruct("Table function " + scan.getCall());
    }
    RexCall call = (RexCall) scan.getCall();
    List<RexNode> operands = call.getOperands();
    String function = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
    WindowSpec spec;
    switch (function) {
      case "TUMBLE":
        spec = WindowSpec.tumble(intervalMillis(operands.get(1)));
        break;
      case "HOP":
        spec = WindowSpec.hop(intervalMillis(operands.get(1)), intervalMillis(operands.get(2)));
        break;
      case "SESSION":
        // SESSION(DESCRIPTOR(ts), [DESCRIPTOR(keys),] gap): sessions are formed by the GROUP BY
        // above it, per its group keys.
        spec = session(intervalMillis(operands.get(operands.size() - 1)));
        break;
      default:
        throw SluiceErrors.unsupportedConstruct("Table function " + function);
    }
    int expectedOperands = function.equals("TUMBLE") ? 2 : 3;
    if (function.equals("SESSION")) {
      expectedOperands = operands.size();
    }
    if (operands.size() > expectedOperands) {
      throw SluiceErrors.unsupportedConstruct(
          call.getOperator().getName() + " with an alignment offset");
    }
    RexNode descriptor = operands.get(0);
    if (!(descriptor instanceof RexCall)
        || ((RexCall) descriptor).getOperands().size() != 1
        || !(((RexCall) descriptor).getOperands().get(0) instanceof RexInputRef)) {
      throw SluiceErrors.unsupportedConstruct("A window DESCRIPTOR naming other than one column");
    }
    RexInputRef time = (RexInputRef) ((RexCall) descriptor).getOperands().get(0);
    RelNode input = scan.getInputs().get(0);
    requireEventTime(input, time, call.getOperator().getName());
    List<Integer> partitionBy = new ArrayList<>();
    if (function.equals("SESSION") && operands.size() == 3) {
      // SESSION(DESCRIPTOR(ts), DESCRIPTOR(keys), gap): the sessions' partition columns.
      for (RexNode key : ((RexCall) operands.get(1)).getOperands()) {
        partitionBy.add(((RexInputRef) key).getIndex());
      }
    }
    return new PhysicalWindowTableFunction(
        scan.getRowType(), toPhysical(input), time.getIndex(), spec, partitionBy);
  }

  private PhysicalNode join(LogicalJoin join) {
    JoinRelType type = join.getJoinType();
    if (type != JoinRelType.INNER
        && type != JoinRelType.LEFT
        && type != JoinRelType.RIGHT
        && type != JoinRelType.FULL) {
      throw SluiceErrors.unsupportedConstruct(type + " JOIN (from IN / EXISTS sub-queries)");
    }
    JoinInfo info = join.analyzeCondition();
    if (info.leftKeys.isEmpty() && push) {
      throw SluiceErrors.unsupportedConstruct("JOIN without an equality condition on keys");
    }
    RexNode remaining = info.getRemaining(join.getCluster().getRexBuilder());
    RexNode remainder = remaining.isAlwaysTrue() ? null : remaining;
    PhysicalNode left = toPhysical(join.getLeft());
    PhysicalNode right = toPhysical(join.getRight());
    if (left.changelogMode() != ChangelogMode.INSERT_ONLY
        || right.changelogMode() != ChangelogMode.INSERT_ONLY) {
      throw SluiceErrors.unsupportedConstruct(
          "JOIN of an updating result (a join over an " + "aggregate)");
    }
    int[] leftKeys = info.leftKeys.toIntArray();
    int[] rightKeys = info.rightKeys.toIntArray();
    if (!push) {
      return new PhysicalJoin(
          join.getRowType(),
          left,
          right,
          type,
          PhysicalJoin.Strategy.SNAPSHOT,
          leftKeys,
          rightKeys,
          remainder,
          false,
          null);
    }
    boolean leftBounded = isBounded(join.getLeft());
    boolean rightBounded = isBounded(join.getRight());
    if (rightBounded && !leftBounded) {
      if (type == JoinRelType.RIGHT || type == JoinRelType.FULL) {
        throw SluiceErrors.unsupportedConstruct(
            type
                + " JOIN of a stream with a table (the "
                + "table side cannot be preserved while the stream runs); JOIN stream to table with "
                + "INNER or LEFT");
      }
      return new PhysicalJoin(
          join.getRowType(),
          left,
          right,
          type,
          PhysicalJoin.Strategy.LOOKUP,
          leftKeys,
          rightKeys,
          remainder,
          false,
          null);
    }
    if (leftBounded && !rightBounded) {
      if (type == JoinRelType.LEFT || type == JoinRelType.FULL) {
        throw SluiceErrors.unsupportedConstruct(
            type
                + " JOIN of a table with a stream (the "
                + "table side cannot be preserved while the stream runs); use INNER or RIGHT");
      }
      return new PhysicalJoin(
          join.getRowType(),
          left,
          right,
          type,
          PhysicalJoin.Strategy.LOOKUP,
          leftKeys,
          rightKeys,
          remainder,
          true,
          null);
    }
    if (type != JoinRelType.INNER) {
      throw SluiceErrors.unsupportedConstruct(
          type + " JOIN of two streams (joins of two " + "streams are INNER for now)");
    }
    int leftWidth = join.getLeft().getRowType().getFieldCount();
    PhysicalJoin.IntervalBounds bounds = windowJoinBounds(left, right, leftKeys, rightKeys);
    if (bounds == null && remainder != null) {
      bounds = intervalBounds(remainder, leftWidth, left, right);
    }
    if (bounds == null) {
      // As in Flink and Spark: allowed, but both sides stay in state for good (EXPLAIN says so).
      return new PhysicalJoin(
          join.getRowType(),
          left,
          right,
          type,
          PhysicalJoin.Strategy.REGULAR,
          leftKeys,
          rightKeys,
          remainder,
          false,
          null);
    }
    return new PhysicalJoin(
        join.getRowType(),
        left,
        right,
        type,
        PhysicalJoin.Strategy.INTERVAL,
        leftKeys,
        rightKeys,
        remainder,
        false,
        bounds);
  }

  /** Whether every relation a subtree reads is a bounded table (or literal rows). */
  private static boolean isBounded(RelNode rel) {
    if (rel instanceof TableScan) {
      RelationTable table = rel.getTable().unwrap(RelationTable.class);
      return table != null && table.definition().kind() != RelationKind.STREAM;
    }
    for (RelNode input : rel.getInputs()) {
      if (!isBounded(input)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A window join: an equi-key pair equating the window_end (or, failing that, the window_start) of
   * windows of the same size on both sides; null if there is none.
   */
  private static PhysicalJoin.IntervalBounds windowJoinBounds(
      PhysicalNode left, PhysicalNode right, int[] leftKeys, int[] rightKeys) {
    PhysicalJoin.IntervalBounds starts = null;
    for (int k = 0; k < leftKeys.length; k++) {
      WindowBound l = windowBound(left, leftKeys[k]);
      WindowBound r = windowBound(right, rightKeys[k]);
      if (l == null || r == null || l.end() != r.end() || !l.spec().equals(r.spec())) {
        continue;
      }
      PhysicalJoin.IntervalBounds bounds =
          new PhysicalJoin.IntervalBounds(l.joinTime(leftKeys[k]), r.joinTime(rightKeys[k]), 0, 0);
      if (l.end()) {
        return bounds;
      }
      starts = bounds;
    }
    return starts;
  }

  /**
   * Finds {@code lower <= l - r <= upper} between a left and a right time column among the
   * conjuncts of an interval join's condition, or null if the condition bounds time on one side
   * only (or not at all).
   */
  private static PhysicalJoin.IntervalBounds intervalBounds(
      RexNode condition, int leftWidth, PhysicalNode left, PhysicalNode right) {
    Long lower = null;
    Long upper = null;
    int leftTime = -1;
    int rightTime = -1;
    for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
      if (!(conjunct instanceof RexCall) || ((RexCall) conjunct).getOperands().size() != 2) {
        continue;
      }
      SqlKind kind = conjunct.getKind();
      if (kind != SqlKind.GREATER_THAN
          && kind != SqlKind.GREATER_THAN_OR_EQUAL
          && kind != SqlKind.LESS_THAN
          && kind != SqlKind.LESS_THAN_OR_EQUAL) {
        continue;
      }
      long[] a = timeTerm(((RexCall) conjunct).getOperands().get(0));
      long[] b = timeTerm(((RexCall) conjunct).getOperands().get(1));
      if (a == null || b == null || (a[0] < leftWidth) == (b[0] < leftWidth)) {
        continue;
      }
      boolean leftFirst = a[0] < leftWidth;
      long[] l = leftFirst ? a : b;
      long[] r = leftFirst ? b : a;
      if (leftTime >= 0 && (leftTime != l[0] || rightTime != r[0] - leftWidth)) {
        continue;
      }
      leftTime = (int) l[0];
      rightTime = (int) (r[0] - leftWidth);
      // l + lo OP r + ro  <=>  l - r OP ro - lo
      long bound = r[1] - l[1];
      boolean greater = kind == SqlKind.GREATER_THAN || kind == SqlKind.GREATER_THAN_OR_EQUAL;
      boolean strict = kind == SqlKind.GREATER_THAN || kind == SqlKind.LESS_THAN;
      if (greater == leftFirst) {
        lower =
            lower == null ? bound + (strict ? 1 : 0) : Math.max(lower, bound + (strict ? 1 : 0));
      } else {
        upper =
            upper == null ? bound - (strict ? 1 : 0) : Math.min(upper, bound - (strict ? 1 : 0));
      }
    }
    if (lower == null || upper == null) {
      return null;
    }
    return new PhysicalJoin.IntervalBounds(
        joinTime(left, leftTime), joinTime(right, rightTime), lower, upper);
  }

  /**
   * How an interval join side's time column behaves: a window bound of a windowed aggregate or
   * window table function below, else an event-time column.
   */
  private static PhysicalJoin.JoinTime joinTime(PhysicalNode side, int column) {
    WindowBound bound = windowBound(side, column);
    if (bound != null) {
      return bound.joinTime(column);
    }
    if (containsAggregate(side)) {
      // Any other time of an aggregate's rows is behind the watermark when they are emitted, and
      // nothing says which rows are still to come.
      throw SluiceErrors.unsupportedConstruct(
          "An interval join over the result of an aggregate "
              + "on a time other than its window_start or window_end");
    }
    return PhysicalJoin.JoinTime.eventTime(column);
  }

  /**
   * Whether output {@code column} of {@code node} is the start or end of an event-time window
   * (traced through calcs to a window table function or an append-mode windowed aggregate), or
   * null.
   */
  private static WindowBound windowBound(PhysicalNode side, int sideColumn) {
    ColumnOrigin origin = origin(side, sideColumn);
    if (origin == null) {
      return null;
    }
    PhysicalNode node = origin.node();
    int column = origin.column();
    if (node instanceof PhysicalWindowTableFunction) {
      PhysicalWindowTableFunction function = (PhysicalWindowTableFunction) node;
      if (function.spec().kind() == WindowSpec.Kind.SESSION) {
        return null;
      }
      int start = function.windowStartColumn();
      return column == start || column == start + 1
          ? new WindowBound(function.spec(), column == start + 1)
          : null;
    }
    if (node instanceof PhysicalAggregate) {
      PhysicalAggregate aggregate = (PhysicalAggregate) node;
      WindowInfo window = aggregate.window();
      if (window == null || aggregate.mode() != OutputMode.APPEND) {
        return null;
      }
      if (window.endKey() >= 0 && column == window.endKey()) {
        return new WindowBound(window.spec(), true);
      }
      if (column == window.startKey()
          && window.endKey() != window.startKey()
          && window.spec().kind() != WindowSpec.Kind.SESSION) {
        return new WindowBound(window.spec(), false);
      }
    }
    return null;
  }

  /** The node below any calcs that produces a column, and the column's position there. */
  private record ColumnOrigin(PhysicalNode node, int column) {}

  /** Traces {@code column} of {@code node} down through calcs; null if a calc computes it. */
  private static ColumnOrigin origin(PhysicalNode node, int column) {
    while (node instanceof PhysicalCalc) {
      PhysicalCalc calc = (PhysicalCalc) node;
      RexNode expression =
          calc.program().expandLocalRef(calc.program().getProjectList().get(column));
      if (!(expression instanceof RexInputRef)) {
        return null;
      }
      column = ((RexInputRef) expression).getIndex();
      node = calc.input();
    }
    return new ColumnOrigin(node, column);
  }

  /** The start or end of windows of one spec. */
  private record WindowBound(WindowSpec spec, boolean end) {
    /** Rows still to come have a window end after the watermark, so a start after it - size. */
    PhysicalJoin.JoinTime joinTime(int column) {
      return new PhysicalJoin.JoinTime(column, false, end ? 0 : spec.sizeMillis());
    }
  }

  /** {@code $i} or {@code $i ± interval literal} over a TIMESTAMP as {field, offset millis}. */
  private static long[] timeTerm(RexNode node) {
    if (node instanceof RexInputRef
        && node.getType().getSqlTypeName().getFamily() == SqlTypeFamily.TIMESTAMP) {
      return new long[] {((RexInputRef) node).getIndex(), 0};
    }
    if (node instanceof RexCall && ((RexCall) node).getOperands().size() == 2) {
      RexCall call = (RexCall) node;
      RexNode field = call.getOperands().get(0);
      RexNode interval = call.getOperands().get(1);
      boolean minus =
          call.getKind() == SqlKind.MINUS
              || call.getKind() == SqlKind.MINUS_PREFIX
              || call.getOperator().getName().equals("-");
      boolean plus = call.getKind() == SqlKind.PLUS || call.getOperator().getName().equals("+");
      if ((minus || plus)
          && field instanceof RexInputRef
          && interval instanceof RexLiteral
          && SqlTypeName.INTERVAL_TYPES.contains(interval.getType().getSqlTypeName())) {
        Long millis = ((RexLiteral) interval).getValueAs(Long.class);
        if (millis != null) {
          return new long[] {((RexInputRef) field).getIndex(), minus ? -millis : millis};
        }
      }
    }
    return null;
  }

  private static long literalLong(RexNode node, long absent) {
    if (node == null) {
      return absent;
    }
    if (node instanceof RexLiteral) {
      Long value = ((RexLiteral) node).getValueAs(Long.class);
      return value == null ? absent : value;
    }
    throw SluiceErrors.unsupportedConstruct("A LIMIT or OFFSET that is not a literal");
  }

  private static String describe(RelNode rel) {
    if (rel instanceof Aggregate) {
      return "Aggregation (GROUP BY, aggregate functions, DISTINCT)";
    }
    if (rel instanceof Join || rel instanceof Correlate) {
      return "JOIN (and sub-queries that become joins)";
    }
    if (rel instanceof Window) {
      return "OVER windows";
    }
    if (rel instanceof Minus || rel instanceof Intersect) {
      return "EXCEPT / INTERSECT";
    }
    if (rel instanceof TableFunctionScan) {
      return "Table function " + ((TableFunctionScan) rel).getCall();
    }
    return "Relational operator " + rel.getRelTypeName();
  }

  private static PhysicalValues values(LogicalValues values) {
    List<ColumnType> types = new ArrayList<>();
    values.getRowType().getFieldList().forEach(f -> types.add(SqlTypes.columnType(f.getType())));
    List<List<Object>> rows = new ArrayList<>();
    for (List<RexLiteral> tuple : values.getTuples()) {
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < tuple.size(); i++) {
        row.add(storageValue(tuple.get(i), types.get(i)));
      }
      rows.add(row);
    }
    return new PhysicalValues(values.getRowType(), rows);
  }

  /** A literal in batch storage form; null for SQL NULL. */
  static Object storageValue(RexLiteral literal, ColumnType type) {
    if (literal.isNull()) {
      return null;
    }
    switch (type) {
      case BOOLEAN:
        return Boolean.TRUE.equals(literal.getValueAs(Boolean.class)) ? 1L : 0L;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case TIMESTAMP:
        return literal.getValueAs(Long.class);
      case DATE:
      case TIME:
        return literal.getValueAs(Integer.class).longValue();
      case REAL:
      case DOUBLE:
        return literal.getValueAs(Double.class);
      case DECIMAL:
        return literal.getValueAs(BigDecimal.class);
      default:
        return literal.getValueAs(String.class);
    }
  }
}
