package io.sluice.plan.spec;

import static java.util.Objects.requireNonNull;

/**
 * An event-time window: TUMBLE (size), HOP (slide, size) or SESSION (gap), in milliseconds. Windows
 * are aligned to the epoch: a tumbling window of 10 s starts at a multiple of 10 s.
 */
public record WindowSpec(Kind kind, long sizeMillis, long slideMillis) {
  /** The window families. */
  public enum Kind {
    TUMBLE,
    HOP,
    SESSION
  }

  public WindowSpec {
    requireNonNull(kind, "kind is null");
    if (sizeMillis <= 0 || slideMillis <= 0) {
      throw new IllegalArgumentException("window size and slide must be positive");
    }
  }

  public static WindowSpec tumble(long size) {
    return new WindowSpec(Kind.TUMBLE, size, size);
  }

  public static WindowSpec hop(long slide, long size) {
    return new WindowSpec(Kind.HOP, size, slide);
  }

  /** Start of the latest window containing {@code time}. */
  public long lastStart(long time) {
    return time - Math.floorMod(time, slideMillis);
  }

  /** How many windows contain one instant: size / slide, rounded up. */
  public int windowsPerRow() {
    return (int) ((sizeMillis + slideMillis - 1) / slideMillis);
  }

  /**
   * The slice length of a TUMBLE or HOP window: gcd(size, slide), so every window is a whole number
   * of slices and a slice lies in every window it overlaps.
   */
  public long sliceMillis() {
    long a = sizeMillis;
    long b = slideMillis;
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  @Override
  public String toString() {
    switch (kind) {
      case TUMBLE:
        return "TUMBLE(size=" + sizeMillis + "ms)";
      case HOP:
        return "HOP(slide=" + slideMillis + "ms, size=" + sizeMillis + "ms)";
      default:
        return "SESSION(gap=" + sizeMillis + "ms)";
    }
  }
}
