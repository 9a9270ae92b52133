package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

/**
 * What state an operator keeps, and what bounds it, for EXPLAIN.
 *
 * @param kind what is held, e.g. "one row per group key"
 * @param bound what removes it, e.g. "the watermark passing the window end", or "unbounded: …"
 */
public record StateInfo(String kind, String bound) {
  /** A stateless operator. */
  public static final StateInfo NONE = new StateInfo("none", "");

  public StateInfo {
    requireNonNull(kind, "kind is null");
    requireNonNull(bound, "bound is null");
  }

  @Override
  public String toString() {
    return bound.isEmpty() ? kind : kind + "; " + bound;
  }
}
