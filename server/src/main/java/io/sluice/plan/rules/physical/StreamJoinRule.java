package io.sluice.plan.rules.physical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.RelTrees;
import io.sluice.plan.logical.WindowCalls;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.metadata.WindowColumn;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamJoin;
import io.sluice.plan.spec.JoinSpec;
import io.sluice.plan.spec.JoinSpec.ColumnBound;
import io.sluice.plan.spec.JoinSpec.IntervalBounds;
import io.sluice.plan.spec.JoinSpec.JoinKind;
import io.sluice.plan.spec.JoinSpec.JoinTime;
import io.sluice.plan.spec.JoinSpec.Strategy;
import io.sluice.plan.spec.WindowSpec;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A join → {@link StreamJoin}, choosing its strategy: buffered for a snapshot; for a push query, a
 * lookup into the table side when one side is a bounded table, a window or interval join when the
 * condition bounds the two streams' times, else a regular join of two streams (any of INNER, LEFT,
 * RIGHT and FULL). Joins the runtime cannot run (preserving the table side of a stream–table join)
 * are refused with the reason.
 */
public final class StreamJoinRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalJoin.class, Convention.NONE, SluiceRel.CONVENTION, "StreamJoinRule")
          .withRuleFactory(StreamJoinRule::new);

  private StreamJoinRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalJoin join = (LogicalJoin) rel;
    JoinRelType type = join.getJoinType();
    if (type != JoinRelType.INNER
        && type != JoinRelType.LEFT
        && type != JoinRelType.RIGHT
        && type != JoinRelType.FULL) {
      throw SluiceErrors.unsupportedConstruct(type + " JOIN (from IN / EXISTS sub-queries)");
    }
    boolean push = PlannerContext.of(join).push();
    JoinInfo info = join.analyzeCondition();
    if (info.leftKeys.isEmpty() && push) {
      throw SluiceErrors.unsupportedConstruct("JOIN without an equality condition on keys");
    }
    RexNode remaining = info.getRemaining(join.getCluster().getRexBuilder());
    RexNode remainder = remaining.isAlwaysTrue() ? null : remaining;
    int[] leftKeys = info.leftKeys.toIntArray();
    int[] rightKeys = info.rightKeys.toIntArray();
    JoinKind kind = JoinKind.valueOf(type.name());
    JoinSpec spec;
    if (!push) {
      spec = new JoinSpec(kind, Strategy.SNAPSHOT, leftKeys, rightKeys, false, null);
    } else {
      spec = streamingSpec(join, kind, leftKeys, rightKeys, remainder);
    }
    return new StreamJoin(
        join.getCluster(),
        join.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(join.getLeft(), SluiceRel.CONVENTION),
        convert(join.getRight(), SluiceRel.CONVENTION),
        join.getCondition(),
        type,
        spec,
        remainder);
  }

  private static JoinSpec streamingSpec(
      LogicalJoin join, JoinKind kind, int[] leftKeys, int[] rightKeys, RexNode remainder) {
    boolean leftBounded = RelTrees.isBounded(join.getLeft());
    boolean rightBounded = RelTrees.isBounded(join.getRight());
    if (rightBounded && !leftBounded) {
      if (kind == JoinKind.RIGHT || kind == JoinKind.FULL) {
        throw SluiceErrors.unsupportedConstruct(
            kind
                + " JOIN of a stream with a table (the table side cannot be preserved while the "
                + "stream runs); JOIN stream to table with INNER or LEFT");
      }
      return new JoinSpec(kind, Strategy.LOOKUP, leftKeys, rightKeys, false, null);
    }
    if (leftBounded && !rightBounded) {
      if (kind == JoinKind.LEFT || kind == JoinKind.FULL) {
        throw SluiceErrors.unsupportedConstruct(
            kind
                + " JOIN of a table with a stream (the table side cannot be preserved while the "
                + "stream runs); use INNER or RIGHT");
      }
      return new JoinSpec(kind, Strategy.LOOKUP, leftKeys, rightKeys, true, null);
    }
    SluiceRelMetadataQuery mq = SluiceRelMetadataQuery.of(join.getCluster().getMetadataQuery());
    int leftWidth = join.getLeft().getRowType().getFieldCount();
    IntervalBounds bounds = windowJoinBounds(mq, join, leftKeys, rightKeys);
    if (bounds == null && remainder != null) {
      bounds = intervalBounds(mq, join, remainder, leftWidth);
    }
    if (bounds == null) {
      // As in Flink and Spark: allowed, but both sides stay in state for good (EXPLAIN says so).
      return new JoinSpec(kind, Strategy.REGULAR, leftKeys, rightKeys, false, null);
    }
    return new JoinSpec(kind, Strategy.INTERVAL, leftKeys, rightKeys, false, bounds);
  }

  /**
   * A window join: an equi-key pair equating the window_end (or, failing that, the window_start) of
   * windows of the same size on both sides; null if there is none.
   */
  private static @Nullable IntervalBounds windowJoinBounds(
      SluiceRelMetadataQuery mq, LogicalJoin join, int[] leftKeys, int[] rightKeys) {
    IntervalBounds starts = null;
    boolean leftProcTime = WindowCalls.hasProcTimeWindows(join.getLeft());
    boolean rightProcTime = WindowCalls.hasProcTimeWindows(join.getRight());
    for (int k = 0; k < leftKeys.length; k++) {
      WindowBound l = windowBound(mq, join.getLeft(), leftKeys[k]);
      WindowBound r = windowBound(mq, join.getRight(), rightKeys[k]);
      if (l == null || r == null || l.end() != r.end() || !l.spec().equals(r.spec())) {
        continue;
      }
      if (leftProcTime || rightProcTime) {
        if (leftProcTime != rightProcTime) {
          throw SluiceErrors.unsupportedConstruct(
              "A window join of windows over processing time with windows over event time");
        }
        if (join.getJoinType() != JoinRelType.INNER) {
          throw SluiceErrors.unsupportedConstruct(
              "An outer window join over processing time (PROCTIME()); use INNER");
        }
        // windows over the wall clock: both sides' rows are dropped once it passes the window
        return new IntervalBounds(
            new JoinTime(leftKeys[k], false, l.end() ? 0 : l.spec().sizeMillis(), true),
            new JoinTime(rightKeys[k], false, r.end() ? 0 : r.spec().sizeMillis(), true),
            0,
            0);
      }
      IntervalBounds bounds =
          new IntervalBounds(l.joinTime(leftKeys[k]), r.joinTime(rightKeys[k]), 0, 0);
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
  private static @Nullable IntervalBounds intervalBounds(
      SluiceRelMetadataQuery mq, LogicalJoin join, RexNode condition, int leftWidth) {
    Long lower = null;
    Long upper = null;
    int leftTime = -1;
    int rightTime = -1;
    for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
      if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2) {
        continue;
      }
      SqlKind kind = conjunct.getKind();
      if (kind != SqlKind.GREATER_THAN
          && kind != SqlKind.GREATER_THAN_OR_EQUAL
          && kind != SqlKind.LESS_THAN
          && kind != SqlKind.LESS_THAN_OR_EQUAL) {
        continue;
      }
      long[] a = timeTerm(call.getOperands().get(0));
      long[] b = timeTerm(call.getOperands().get(1));
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
        long candidate = bound + (strict ? 1 : 0);
        lower = lower == null ? candidate : Math.max(lower, candidate);
      } else {
        long candidate = bound - (strict ? 1 : 0);
        upper = upper == null ? candidate : Math.min(upper, candidate);
      }
    }
    if (leftTime < 0) {
      return null;
    }
    ColumnBound leftUntil =
        lower != null ? null : columnBound(condition, leftWidth, rightTime + leftWidth, false);
    ColumnBound rightUntil =
        upper != null ? null : columnBound(condition, leftWidth, leftTime, true);
    if ((lower == null && leftUntil == null) || (upper == null && rightUntil == null)) {
      return null;
    }
    return new IntervalBounds(
        joinTime(mq, join.getLeft(), leftTime),
        joinTime(mq, join.getRight(), rightTime),
        lower == null ? Long.MIN_VALUE : lower,
        upper == null ? Long.MAX_VALUE : upper,
        leftUntil,
        rightUntil);
  }

  /**
   * A conjunct {@code time <= column + offset} (or {@code <}, either way round) of the condition
   * that bounds {@code time} (a field of the joined row: one side's time column) by a TIMESTAMP
   * column of the other side, as {@code b.dateTime <= a.expires} bounds the bids an auction meets;
   * null if there is none.
   *
   * @param columnOnRight whether the bounding column is of the right side
   */
  private static @Nullable ColumnBound columnBound(
      RexNode condition, int leftWidth, int time, boolean columnOnRight) {
    for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
      if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2) {
        continue;
      }
      SqlKind kind = conjunct.getKind();
      boolean less = kind == SqlKind.LESS_THAN || kind == SqlKind.LESS_THAN_OR_EQUAL;
      boolean greater = kind == SqlKind.GREATER_THAN || kind == SqlKind.GREATER_THAN_OR_EQUAL;
      if (!less && !greater) {
        continue;
      }
      long[] small = timeTerm(call.getOperands().get(less ? 0 : 1));
      long[] large = timeTerm(call.getOperands().get(less ? 1 : 0));
      if (small == null || large == null || small[0] != time) {
        continue;
      }
      boolean largeOnRight = large[0] >= leftWidth;
      if (largeOnRight != columnOnRight) {
        continue;
      }
      // time + s <= column + l  <=>  time <= column + (l - s)
      return new ColumnBound(
          (int) (largeOnRight ? large[0] - leftWidth : large[0]), large[1] - small[1]);
    }
    return null;
  }

  /**
   * How an interval join side's time column behaves: a window bound of a windowed aggregate or
   * window table function below, else an event-time column.
   */
  private static JoinTime joinTime(SluiceRelMetadataQuery mq, RelNode side, int column) {
    WindowBound bound = windowBound(mq, side, column);
    if (bound != null) {
      return bound.joinTime(column);
    }
    if (RelTrees.containsAggregate(side)) {
      // Any other time of an aggregate's rows is behind the watermark when they are emitted, and
      // nothing says which rows are still to come.
      throw SluiceErrors.unsupportedConstruct(
          "An interval join over the result of an aggregate on a time other than its "
              + "window_start or window_end");
    }
    return JoinTime.eventTime(column);
  }

  /**
   * Whether column {@code column} of {@code side} is the start or end of event-time windows of a
   * window table function (not SESSION) or of a windowed aggregate emitting final rows, or null.
   */
  private static @Nullable WindowBound windowBound(
      SluiceRelMetadataQuery mq, RelNode side, int column) {
    WindowColumn window = mq.windowProperties(side).of(column).orElse(null);
    if (window == null
        || window.source() == WindowColumn.Source.TABLE_FUNCTION
            && window.spec().kind() == WindowSpec.Kind.SESSION) {
      return null;
    }
    return new WindowBound(window.spec(), window.role() == WindowColumn.Role.END);
  }

  /** The start or end of windows of one spec. */
  private record WindowBound(WindowSpec spec, boolean end) {
    /** Rows still to come have a window end after the watermark, so a start after it - size. */
    JoinTime joinTime(int column) {
      return new JoinTime(column, false, end ? 0 : spec.sizeMillis());
    }
  }

  /** {@code $i} or {@code $i ± interval literal} over a TIMESTAMP as {field, offset millis}. */
  private static long @Nullable [] timeTerm(RexNode node) {
    if (node instanceof RexInputRef ref
        && node.getType().getSqlTypeName().getFamily() == SqlTypeFamily.TIMESTAMP) {
      return new long[] {ref.getIndex(), 0};
    }
    if (node instanceof RexCall call && call.getOperands().size() == 2) {
      RexNode field = call.getOperands().get(0);
      RexNode interval = call.getOperands().get(1);
      boolean minus =
          call.getKind() == SqlKind.MINUS
              || call.getKind() == SqlKind.MINUS_PREFIX
              || call.getOperator().getName().equals("-");
      boolean plus = call.getKind() == SqlKind.PLUS || call.getOperator().getName().equals("+");
      if ((minus || plus)
          && field instanceof RexInputRef ref
          && interval instanceof RexLiteral literal
          && SqlTypeName.INTERVAL_TYPES.contains(interval.getType().getSqlTypeName())) {
        Long millis = literal.getValueAs(Long.class);
        if (millis != null) {
          return new long[] {ref.getIndex(), minus ? -millis : millis};
        }
      }
    }
    return null;
  }
}
