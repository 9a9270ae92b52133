package io.sluice.plan.spec;

import static java.util.Objects.requireNonNull;

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
