package io.sluice.plan.rules.logical;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.logical.LogicalRank;
import io.sluice.plan.spec.RankSpec;
import io.sluice.plan.spec.SortField;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilderFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A ROW_NUMBER, RANK or DENSE_RANK over a window, filtered to its first ranks ({@code WHERE rn <=
 * N}, {@code rn < N}, {@code rn = 1}, {@code rn BETWEEN a AND b}), becomes a {@link LogicalRank}: a
 * top-N that keeps only N rows per partition, rather than numbering every row of it. Conditions on
 * anything else stay in a calc above, as does the projection.
 */
public final class RankRule extends RelRule<RankRule.Config> {
  private RankRule(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalCalc calc = call.rel(0);
    LogicalWindow window = call.rel(1);
    RankSpec.Function function = rankFunction(window);
    RexProgram program = calc.getProgram();
    if (function == null || program.getCondition() == null) {
      return;
    }
    int rankField = window.getInput().getRowType().getFieldCount();
    long start = 1;
    long end = Long.MAX_VALUE;
    List<RexNode> remaining = new ArrayList<>();
    for (RexNode conjunct :
        RelOptUtil.conjunctions(program.expandLocalRef(program.getCondition()))) {
      long[] range = rankRange(conjunct, rankField);
      if (range == null) {
        remaining.add(conjunct);
      } else {
        start = Math.max(start, range[0]);
        end = Math.min(end, range[1]);
      }
    }
    if (end == Long.MAX_VALUE || end < start) {
      return; // no upper bound: not a top-N (the physical rules refuse the window)
    }
    List<RexNode> projects = new ArrayList<>();
    program.getProjectList().forEach(ref -> projects.add(program.expandLocalRef(ref)));
    boolean outputRank = references(projects, rankField) || references(remaining, rankField);
    Window.Group group = window.groups.get(0);
    List<SortField> order = new ArrayList<>();
    for (RelFieldCollation field : group.orderKeys.getFieldCollations()) {
      order.add(
          new SortField(
              field.getFieldIndex(),
              field.getDirection().isDescending(),
              field.nullDirection == RelFieldCollation.NullDirection.FIRST));
    }
    RankSpec spec = new RankSpec(function, group.keys.asList(), order, start, end, outputRank);
    String rankName = window.getRowType().getFieldNames().get(rankField);
    LogicalRank rank = LogicalRank.create(window.getInput(), spec, rankName);
    RexBuilder rexBuilder = calc.getCluster().getRexBuilder();
    RexNode condition =
        remaining.isEmpty() ? null : RexUtil.composeConjunction(rexBuilder, remaining);
    RexProgram rewritten =
        RexProgram.create(rank.getRowType(), projects, condition, calc.getRowType(), rexBuilder);
    call.transformTo(LogicalCalc.create(rank, rewritten));
  }

  private static RankSpec.@Nullable Function rankFunction(Window window) {
    if (window.groups.size() != 1 || window.groups.get(0).aggCalls.size() != 1) {
      return null;
    }
    return switch (window.groups.get(0).aggCalls.get(0).getOperator().getKind()) {
      case ROW_NUMBER -> RankSpec.Function.ROW_NUMBER;
      case RANK -> RankSpec.Function.RANK;
      case DENSE_RANK -> RankSpec.Function.DENSE_RANK;
      default -> null;
    };
  }

  /** The ranks {@code [from, to]} a comparison of the rank with a literal keeps, or null. */
  private static long @Nullable [] rankRange(RexNode conjunct, int rankField) {
    if (!(conjunct instanceof RexCall comparison) || comparison.getOperands().size() != 2) {
      return null;
    }
    RexNode left = comparison.getOperands().get(0);
    RexNode right = comparison.getOperands().get(1);
    SqlKind kind = comparison.getKind();
    if (isRank(right, rankField) && literal(left) != null) {
      RexNode swap = left;
      left = right;
      right = swap;
      kind = kind.reverse();
    }
    Long value = literal(right);
    if (!isRank(left, rankField) || value == null) {
      return null;
    }
    return switch (kind) {
      case LESS_THAN_OR_EQUAL -> new long[] {1, value};
      case LESS_THAN -> new long[] {1, value - 1};
      case EQUALS -> new long[] {value, value};
      case GREATER_THAN_OR_EQUAL -> new long[] {Math.max(1, value), Long.MAX_VALUE};
      case GREATER_THAN -> new long[] {Math.max(1, value + 1), Long.MAX_VALUE};
      default -> null;
    };
  }

  private static boolean isRank(RexNode node, int rankField) {
    RexNode stripped = RexUtil.removeCast(node);
    return stripped instanceof RexInputRef ref && ref.getIndex() == rankField;
  }

  private static @Nullable Long literal(RexNode node) {
    if (RexUtil.removeCast(node) instanceof RexLiteral literal) {
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      if (value != null && value.scale() <= 0) {
        return value.longValueExact();
      }
    }
    return null;
  }

  private static boolean references(List<RexNode> expressions, int field) {
    for (RexNode expression : expressions) {
      if (RelOptUtil.InputFinder.bits(expression).get(field)) {
        return true;
      }
    }
    return false;
  }

  /** The rule's settings: a {@link LogicalCalc} over a {@link LogicalWindow}. */
  public record Config(
      RelBuilderFactory relBuilderFactory, String description, OperandTransform operandSupplier)
      implements RelRule.Config {
    public static final Config DEFAULT =
        new Config(
            RelFactories.LOGICAL_BUILDER,
            "RankRule",
            b0 ->
                b0.operand(LogicalCalc.class)
                    .oneInput(b1 -> b1.operand(LogicalWindow.class).anyInputs()));

    public Config {
      requireNonNull(relBuilderFactory, "relBuilderFactory is null");
      requireNonNull(operandSupplier, "operandSupplier is null");
    }

    @Override
    public RankRule toRule() {
      return new RankRule(this);
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
