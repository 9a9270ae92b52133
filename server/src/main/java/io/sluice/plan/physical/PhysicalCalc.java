package io.sluice.plan.physical;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.rex.RexProgram;

/** Filter and projection fused into one pass, compiled to Java at query start. */
public final class PhysicalCalc extends PhysicalNode {
  private final RexProgram program;

  public PhysicalCalc(PhysicalNode input, RexProgram program) {
    super(program.getOutputRowType(), List.of(input));
    this.program = requireNonNull(program, "program is null");
  }

  public RexProgram program() {
    return program;
  }

  public PhysicalNode input() {
    return inputs().get(0);
  }

  @Override
  public String name() {
    return "StreamCalc";
  }

  @Override
  public String attributes() {
    StringBuilder builder = new StringBuilder("select=[");
    List<String> names = program.getOutputRowType().getFieldNames();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        builder.append(", ");
      }
      builder
          .append(program.expandLocalRef(program.getProjectList().get(i)))
          .append(" AS ")
          .append(names.get(i));
    }
    builder.append(']');
    if (program.getCondition() != null) {
      builder
          .append(", where=[")
          .append(program.expandLocalRef(program.getCondition()))
          .append(']');
    }
    return builder.toString();
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
