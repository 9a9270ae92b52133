package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;

/**
 * {@code ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(…))}: passes every input row on with the model's
 * outputs appended, scoring a batch's rows together. Its input must be insert-only: a retraction
 * must carry the values of the row it retracts, which a model changed in between would not give.
 */
public final class StreamMlPredict extends SingleRel implements SluiceRel {
  private final String model;
  private final List<Integer> featureColumns;

  /**
   * @param model the model's name in the catalog
   * @param featureColumns the input columns the DESCRIPTOR names: the model's INPUT columns
   */
  public StreamMlPredict(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      RelDataType rowType,
      String model,
      List<Integer> featureColumns) {
    super(cluster, traits, input);
    this.rowType = requireNonNull(rowType, "rowType is null");
    this.model = requireNonNull(model, "model is null");
    this.featureColumns = List.copyOf(featureColumns);
  }

  public String model() {
    return model;
  }

  public List<Integer> featureColumns() {
    return featureColumns;
  }

  /** Output column of the model's first output; the others follow it. */
  public int firstOutputColumn() {
    return getInput().getRowType().getFieldCount();
  }

  @Override
  public boolean requiresInsertOnlyInput() {
    return true;
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamMlPredict(
        getCluster(), traitSet, sole(inputs), rowType, model, featureColumns);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> outputs =
        rowType.getFieldNames().subList(firstOutputColumn(), rowType.getFieldCount());
    return super.explainTerms(pw)
        .item("model", model)
        .item("features", featureColumns.stream().map(c -> "$" + c).toList())
        .item("outputs", outputs);
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
