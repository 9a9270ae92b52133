package io.sluice.plan.physical;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;

/**
 * ORDER BY [LIMIT/OFFSET] of a snapshot query: buffers its input and emits it sorted once the input
 * is exhausted. Push queries cannot sort an unbounded stream and are rejected.
 */
public final class PhysicalSort extends PhysicalNode {
  private final List<RelFieldCollation> collations;
  private final long offset;
  private final long fetch;

  /**
   * @param fetch rows to emit after skipping {@code offset}; -1 for all
   */
  public PhysicalSort(
      PhysicalNode input, List<RelFieldCollation> collations, long offset, long fetch) {
    super(input.rowType(), List.of(input));
    this.collations = List.copyOf(requireNonNull(collations, "collations is null"));
    this.offset = offset;
    this.fetch = fetch;
  }

  public PhysicalNode input() {
    return inputs().get(0);
  }

  public List<RelFieldCollation> collations() {
    return collations;
  }

  public long offset() {
    return offset;
  }

  public long fetch() {
    return fetch;
  }

  @Override
  public String name() {
    return "Sort";
  }

  @Override
  public String attributes() {
    return "orderBy="
        + collations
        + ", offset=["
        + offset
        + "], fetch=["
        + (fetch < 0 ? "all" : fetch)
        + "], state=[all input rows until end of input]";
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
