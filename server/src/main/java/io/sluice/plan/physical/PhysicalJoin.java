package io.sluice.plan.physical;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * A join, in one of three strategies:
 *
 * <ul>
 *   <li>{@link Strategy#LOOKUP}: a stream against a bounded table (stream–static join). The table
 *       side is held in a hash table, rebuilt whenever the table's files change; stream rows probe
 *       it as they arrive. INNER, and LEFT/RIGHT with the stream as the preserved side.
 *   <li>{@link Strategy#INTERVAL}: two streams with a time bound ({@code a.ts BETWEEN b.ts -
 *       INTERVAL … AND b.ts + INTERVAL …}); both sides are held only until the watermark shows no
 *       future row can match them. INNER. A window join (equal {@code window_end} on both sides,
 *       from window table functions or windowed aggregates) is the interval join whose bound is
 *       zero.
 *   <li>{@link Strategy#REGULAR}: two streams without a time bound, as Flink's and Spark's regular
 *       stream–stream joins: both sides are held for the life of the query (state grows with the
 *       input). INNER.
 *   <li>{@link Strategy#SNAPSHOT}: a snapshot query; both inputs are buffered and joined at end of
 *       input. Any join type.
 * </ul>
 *
 * @param remainder condition beyond the equi-keys, over the joined row, or null
 */
public final class PhysicalJoin extends PhysicalNode {
  /** How the join keeps state and when it emits. */
  public enum Strategy {
    LOOKUP,
    INTERVAL,
    REGULAR,
    SNAPSHOT
  }

  private final JoinRelType joinType;
  private final Strategy strategy;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final RexNode remainder;
  private final boolean buildLeft;
  private final IntervalBounds bounds;

  /**
   * @param buildLeft for LOOKUP: the left input is the table held in memory
   * @param bounds for INTERVAL: the time bound, else null
   */
  public PhysicalJoin(
      RelDataType rowType,
      PhysicalNode left,
      PhysicalNode right,
      JoinRelType joinType,
      Strategy strategy,
      int[] leftKeys,
      int[] rightKeys,
      RexNode remainder,
      boolean buildLeft,
      IntervalBounds bounds) {
    super(rowType, List.of(left, right));
    this.joinType = requireNonNull(joinType, "joinType is null");
    this.strategy = requireNonNull(strategy, "strategy is null");
    this.leftKeys = leftKeys.clone();
    this.rightKeys = rightKeys.clone();
    this.remainder = remainder;
    this.buildLeft = buildLeft;
    this.bounds = bounds;
  }

  /**
   * An interval join's bound: a left row at time l matches right rows at time r with {@code
   * lowerMillis <= l - r <= upperMillis}.
   */
  public record IntervalBounds(JoinTime left, JoinTime right, long lowerMillis, long upperMillis) {
    public IntervalBounds {
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
    }

    public int leftTime() {
      return left.column();
    }

    public int rightTime() {
      return right.column();
    }

    /** Both times are window bounds and must be equal: a window join. */
    public boolean isWindowJoin() {
      return !left.eventTime() && !right.eventTime() && lowerMillis == 0 && upperMillis == 0;
    }
  }

  /**
   * A join side's time column and what the watermark says about its future rows: once a batch ends
   * with watermark w, every row still to come has a time of at least {@code w - lagMillis}.
   *
   * @param eventTime an event-time column: rows behind the watermark are late and dropped.
   *     Otherwise a window bound (window_start or window_end of a window table function or of a
   *     windowed aggregate), which lateness was already applied to upstream: a window's rows arrive
   *     when it closes, behind the watermark, and are not late.
   */
  public record JoinTime(int column, boolean eventTime, long lagMillis) {
    public static JoinTime eventTime(int column) {
      return new JoinTime(column, true, 0);
    }
  }

  public PhysicalNode left() {
    return inputs().get(0);
  }

  public PhysicalNode right() {
    return inputs().get(1);
  }

  public JoinRelType joinType() {
    return joinType;
  }

  public Strategy strategy() {
    return strategy;
  }

  public int[] leftKeys() {
    return leftKeys.clone();
  }

  public int[] rightKeys() {
    return rightKeys.clone();
  }

  public RexNode remainder() {
    return remainder;
  }

  public boolean buildLeft() {
    return buildLeft;
  }

  public IntervalBounds bounds() {
    return bounds;
  }

  @Override
  public String name() {
    switch (strategy) {
      case LOOKUP:
        return "StreamLookupJoin";
      case INTERVAL:
        return bounds.isWindowJoin() ? "StreamWindowJoin" : "StreamIntervalJoin";
      case REGULAR:
        return "StreamRegularJoin";
      default:
        return "SnapshotHashJoin";
    }
  }

  @Override
  public String attributes() {
    StringBuilder builder =
        new StringBuilder("joinType=[")
            .append(joinType)
            .append("], keys=[")
            .append(java.util.Arrays.toString(leftKeys))
            .append(" = ")
            .append(java.util.Arrays.toString(rightKeys))
            .append(']');
    if (remainder != null) {
      builder.append(", where=[").append(remainder).append(']');
    }
    switch (strategy) {
      case LOOKUP:
        builder
            .append(", state=[")
            .append(buildLeft ? "left" : "right")
            .append(" table, rebuilt when its files change]");
        break;
      case INTERVAL:
        if (bounds.isWindowJoin()) {
          builder
              .append(", window=[$")
              .append(bounds.leftTime())
              .append(" = $")
              .append(leftWidthOf() + bounds.rightTime())
              .append("], state=[both sides until the watermark passes the window]");
        } else {
          builder
              .append(", bound=[")
              .append(bounds.lowerMillis())
              .append("ms <= $")
              .append(bounds.leftTime())
              .append(" - $")
              .append(leftWidthOf() + bounds.rightTime())
              .append(" <= ")
              .append(bounds.upperMillis())
              .append("ms], state=[both sides until the watermark passes the bound]");
        }
        break;
      case REGULAR:
        builder.append(
            ", state=[both sides, unbounded: no time bound lets the watermark drop " + "rows]");
        break;
      default:
        builder.append(", state=[both inputs until end of input]");
    }
    return builder.toString();
  }

  private int leftWidthOf() {
    return left().rowType().getFieldCount();
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
