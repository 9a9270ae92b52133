package io.sluice.plan.spec;

import static java.util.Objects.requireNonNull;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How a join runs: its type, strategy, equi-keys and, for an interval or window join, its time
 * bound. What the join operator is built from; it holds no planner classes.
 *
 * @param leftKeys left input columns of the equi-keys, pairwise equal to {@code rightKeys}
 * @param buildLeft for {@link Strategy#LOOKUP}: the left input is the table held in memory
 * @param bounds for {@link Strategy#INTERVAL}: the time bound; for {@link Strategy#TEMPORAL}: the
 *     left row's time and the right row's version start (bounds 0); else null
 */
public record JoinSpec(
    JoinKind kind,
    Strategy strategy,
    int[] leftKeys,
    int[] rightKeys,
    boolean buildLeft,
    IntervalBounds bounds) {
  /** Which rows a join keeps. */
  public enum JoinKind {
    INNER,
    LEFT,
    RIGHT,
    FULL
  }

  /**
   * How the join keeps state and when it emits.
   *
   * <ul>
   *   <li>{@link #LOOKUP}: a stream against a bounded table (stream–static join). The table side is
   *       held in a hash table, rebuilt whenever the table's files change; stream rows probe it as
   *       they arrive. INNER, and LEFT/RIGHT with the stream as the preserved side.
   *   <li>{@link #INTERVAL}: two streams with a time bound ({@code a.ts BETWEEN b.ts - INTERVAL …
   *       AND b.ts + INTERVAL …}); both sides are held only until the watermark shows no future row
   *       can match them. INNER, LEFT, RIGHT and FULL: an outer join emits a row without a match,
   *       padded with NULLs, once the watermark has passed its interval (insert-only). A window
   *       join (equal {@code window_end} on both sides) is the interval join whose bound is zero.
   *   <li>{@link #REGULAR}: two streams without a time bound, as Flink's and Spark's regular
   *       stream–stream joins: both sides are held for the life of the query. INNER, LEFT, RIGHT
   *       and FULL: an outer join emits a row without a match padded with NULLs at once and
   *       retracts it (-D) when the first match comes.
   *   <li>{@link #SNAPSHOT}: a snapshot query; both inputs are buffered and joined at end of input.
   *       Any join type.
   *   <li>{@link #TEMPORAL}: a stream against a versioned stream ({@code FOR SYSTEM_TIME AS OF
   *       s.ts}): left rows wait until the watermark passes their time, then meet the right row of
   *       their key valid at that time (the latest version starting at or before it). Versions
   *       older than the one valid at the watermark are dropped. INNER and LEFT.
   * </ul>
   */
  public enum Strategy {
    LOOKUP,
    INTERVAL,
    REGULAR,
    SNAPSHOT,
    TEMPORAL
  }

  public JoinSpec {
    requireNonNull(kind, "kind is null");
    requireNonNull(strategy, "strategy is null");
    leftKeys = leftKeys.clone();
    rightKeys = rightKeys.clone();
    if (leftKeys.length != rightKeys.length) {
      throw new IllegalArgumentException("as many left keys as right keys");
    }
    if ((strategy == Strategy.INTERVAL || strategy == Strategy.TEMPORAL) != (bounds != null)) {
      throw new IllegalArgumentException("interval and temporal joins, and only they, have bounds");
    }
  }

  @Override
  public int[] leftKeys() {
    return leftKeys.clone();
  }

  @Override
  public int[] rightKeys() {
    return rightKeys.clone();
  }

  /**
   * An interval join's bound: a left row at time l matches right rows at time r with {@code
   * lowerMillis <= l - r <= upperMillis}. A side of the bound may instead be a column of the other
   * side's rows (Nexmark q9's {@code b.dateTime BETWEEN a.dateTime AND a.expires}): {@code
   * leftUntil} bounds the right times a left row can meet ({@code r <= l[column] + offset}), with
   * no {@code lowerMillis} ({@link Long#MIN_VALUE}); {@code rightUntil} the left times a right row
   * can meet ({@code l <= r[column] + offset}), with no {@code upperMillis} ({@link
   * Long#MAX_VALUE}). Either way, once the watermark passes the bound a row is dropped from state.
   */
  public record IntervalBounds(
      JoinTime left,
      JoinTime right,
      long lowerMillis,
      long upperMillis,
      @Nullable ColumnBound leftUntil,
      @Nullable ColumnBound rightUntil) {
    public IntervalBounds {
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
      if ((lowerMillis == Long.MIN_VALUE) != (leftUntil != null)
          || (upperMillis == Long.MAX_VALUE) != (rightUntil != null)) {
        throw new IllegalArgumentException("each side is bounded by a constant or by a column");
      }
    }

    /** A bound of constants on both sides. */
    public IntervalBounds(JoinTime left, JoinTime right, long lowerMillis, long upperMillis) {
      this(left, right, lowerMillis, upperMillis, null, null);
    }

    /** The column of a left row whose value says when the row can no longer match. */
    public int leftEvictionColumn() {
      return leftUntil != null ? leftUntil.column() : left.column();
    }

    /** The column of a right row whose value says when the row can no longer match. */
    public int rightEvictionColumn() {
      return rightUntil != null ? rightUntil.column() : right.column();
    }

    /**
     * Left rows whose {@link #leftEvictionColumn} is below this can meet no right row at or after
     * {@code futureRight}.
     */
    public long leftEvictionBefore(long futureRight) {
      return leftUntil != null
          ? saturatedAdd(futureRight, -leftUntil.offsetMillis())
          : saturatedAdd(futureRight, lowerMillis);
    }

    /**
     * Right rows whose {@link #rightEvictionColumn} is below this can meet no left row at or after
     * {@code futureLeft}.
     */
    public long rightEvictionBefore(long futureLeft) {
      return rightUntil != null
          ? saturatedAdd(futureLeft, -rightUntil.offsetMillis())
          : saturatedAdd(futureLeft, -upperMillis);
    }

    private static long saturatedAdd(long a, long b) {
      long sum = a + b;
      // overflow iff both operands have the same sign and the sum's sign differs
      if (((a ^ sum) & (b ^ sum)) < 0) {
        return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      return sum;
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

  /** A column of one side's rows, plus a constant: the latest time of the other side it meets. */
  public record ColumnBound(int column, long offsetMillis) {}

  /**
   * A join side's time column and what the watermark says about its future rows: once a batch ends
   * with watermark w, every row still to come has a time of at least {@code w - lagMillis}.
   *
   * @param eventTime an event-time column: rows behind the watermark are late and dropped.
   *     Otherwise a window bound (window_start or window_end of a window table function or of a
   *     windowed aggregate), which lateness was already applied to upstream: a window's rows arrive
   *     when it closes, behind the watermark, and are not late.
   * @param procTime a window bound of windows over processing time: they close when the wall clock
   *     passes them, not the watermark
   */
  public record JoinTime(int column, boolean eventTime, long lagMillis, boolean procTime) {
    /** A time that is not a window bound over processing time. */
    public JoinTime(int column, boolean eventTime, long lagMillis) {
      this(column, eventTime, lagMillis, false);
    }

    public static JoinTime eventTime(int column) {
      return new JoinTime(column, true, 0);
    }
  }
}
