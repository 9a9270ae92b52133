package io.sluice.plan.nodes;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rex.RexProgram;

/** Filter and projection fused into one pass, compiled to Java at query start. */
public final class StreamCalc extends Calc implements SluiceRel {
  public StreamCalc(RelOptCluster cluster, RelTraitSet traits, RelNode input, RexProgram program) {
    super(cluster, traits, List.of(), input, program);
  }

  @Override
  public Calc copy(RelTraitSet traitSet, RelNode child, RexProgram program) {
    return new StreamCalc(getCluster(), traitSet, child, program);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    StringBuilder select = new StringBuilder();
    List<String> names = program.getOutputRowType().getFieldNames();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        select.append(", ");
      }
      select
          .append(program.expandLocalRef(program.getProjectList().get(i)))
          .append(" AS ")
          .append(names.get(i));
    }
    pw.input("input", getInput()).item("select", select.toString());
    if (program.getCondition() != null) {
      pw.item("where", program.expandLocalRef(program.getCondition()));
    }
    return pw;
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
