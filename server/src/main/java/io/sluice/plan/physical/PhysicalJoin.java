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
 *       it as they arrive. INNER, and LEFT/RIGHT with the stream as the preserved side.</li>
 *   <li>{@link Strategy#INTERVAL}: two streams with a time bound
 *       ({@code a.ts BETWEEN b.ts - INTERVAL … AND b.ts + INTERVAL …}); both sides are held only
 *       until the watermark shows no future row can match them. INNER.</li>
 *   <li>{@link Strategy#SNAPSHOT}: a snapshot query; both inputs are buffered and joined at end of
 *       input. Any join type.</li>
 * </ul>
 *
 * @param remainder condition beyond the equi-keys, over the joined row, or null
 */
public final class PhysicalJoin extends PhysicalNode {
  /** How the join keeps state and when it emits. */
  public enum Strategy { LOOKUP, INTERVAL, SNAPSHOT }

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
  public PhysicalJoin(RelDataType rowType, PhysicalNode left, PhysicalNode right,
      JoinRelType joinType, Strategy strategy, int[] leftKeys, int[] rightKeys, RexNode remainder,
      boolean buildLeft, IntervalBounds bounds) {
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
   * An interval join's bound: a left row at time l matches right rows at time r with
   * {@code lowerMillis <= l - r <= upperMillis}.
   */
  public record IntervalBounds(int leftTime, int rightTime, long lowerMillis, long upperMillis) {
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

  @Override public String name() {
    switch (strategy) {
      case LOOKUP:
        return "StreamLookupJoin";
      case INTERVAL:
        return "StreamIntervalJoin";
      default:
        return "SnapshotHashJoin";
    }
  }

  @Override public String attributes() {
    StringBuilder builder = new StringBuilder("joinType=[").append(joinType).append("], keys=[")
        .append(java.util.Arrays.toString(leftKeys)).append(" = ")
        .append(java.util.Arrays.toString(rightKeys)).append(']');
    if (remainder != null) {
      builder.append(", where=[").append(remainder).append(']');
    }
    switch (strategy) {
      case LOOKUP:
        builder.append(", state=[").append(buildLeft ? "left" : "right")
            .append(" table, rebuilt when its files change]");
        break;
      case INTERVAL:
        builder.append(", bound=[").append(bounds.lowerMillis()).append("ms <= $")
            .append(bounds.leftTime()).append(" - $").append(bounds.rightTime()).append(" <= ")
            .append(bounds.upperMillis()).append("ms], state=[both sides until the watermark passes"
                + " the bound]");
        break;
      default:
        builder.append(", state=[both inputs until end of input]");
    }
    return builder.toString();
  }

  @Override public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
