package io.sluice.plan.nodes;

import io.sluice.plan.spec.SortField;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;

/**
 * {@code ORDER BY} of a snapshot query (with its LIMIT/OFFSET): holds every row until the input
 * ends, then emits them sorted. A push query cannot sort a stream that never ends.
 */
public final class StreamSort extends SingleRel implements SluiceRel {
  private final RelCollation collation;
  private final long offset;
  private final long fetch;

  /**
   * @param fetch rows to emit after the offset, or -1 for all
   */
  public StreamSort(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      RelCollation collation,
      long offset,
      long fetch) {
    super(cluster, traits, input);
    this.collation = collation;
    this.offset = offset;
    this.fetch = fetch;
  }

  /** The sort keys, as the operator takes them. */
  public List<SortField> fields() {
    List<SortField> fields = new ArrayList<>();
    for (RelFieldCollation field : collation.getFieldCollations()) {
      boolean descending = field.getDirection().isDescending();
      // unspecified: NULLs sort high, as in Calcite (last ascending, first descending)
      boolean nullsFirst =
          field.nullDirection == RelFieldCollation.NullDirection.FIRST
              || field.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED && descending;
      fields.add(new SortField(field.getFieldIndex(), descending, nullsFirst));
    }
    return fields;
  }

  public long offset() {
    return offset;
  }

  public long fetch() {
    return fetch;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamSort(getCluster(), traitSet, sole(inputs), collation, offset, fetch);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("orderBy", collation.getFieldCollations())
        .item("offset", offset)
        .item("fetch", fetch < 0 ? "all" : fetch);
  }

  @Override
  public StateInfo state() {
    return new StateInfo("all input rows", "until end of input");
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }

  /** Counting or ordering rows needs them all in one place. */
  @Override
  public RelDistribution requiredDistribution(int input) {
    return org.apache.calcite.rel.RelDistributions.SINGLETON;
  }
}
