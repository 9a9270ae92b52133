package io.sluice.plan.physical;

import java.util.List;

/** {@code LIMIT n [OFFSET m]} without ORDER BY: passes rows through, then ends the query. */
public final class PhysicalLimit extends PhysicalNode {
  private final long offset;
  private final long fetch;

  /**
   * @param fetch rows to pass after skipping {@code offset}; -1 for no limit
   */
  public PhysicalLimit(PhysicalNode input, long offset, long fetch) {
    super(input.rowType(), List.of(input));
    this.offset = offset;
    this.fetch = fetch;
  }

  public long offset() {
    return offset;
  }

  public long fetch() {
    return fetch;
  }

  public PhysicalNode input() {
    return inputs().get(0);
  }

  @Override
  public String name() {
    return "Limit";
  }

  @Override
  public String attributes() {
    return "offset=[" + offset + "], fetch=[" + (fetch < 0 ? "unlimited" : fetch) + "]";
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
