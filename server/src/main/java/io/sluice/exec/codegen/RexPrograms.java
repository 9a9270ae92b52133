package io.sluice.exec.codegen;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;

/** Small helpers over Calcite programs. */
final class RexPrograms {
  private RexPrograms() {}

  /**
   * {@code program} with {@code shuttle} applied to its projections and condition; the program
   * itself when the shuttle changed nothing.
   */
  static RexProgram rewrite(RexProgram program, RexShuttle shuttle, RexBuilder rexBuilder) {
    boolean changed = false;
    List<RexNode> projects = new ArrayList<>();
    for (RexLocalRef ref : program.getProjectList()) {
      RexNode expression = program.expandLocalRef(ref);
      RexNode rewritten = expression.accept(shuttle);
      changed |= !rewritten.equals(expression);
      projects.add(rewritten);
    }
    RexNode condition = null;
    if (program.getCondition() != null) {
      RexNode expression = program.expandLocalRef(program.getCondition());
      condition = expression.accept(shuttle);
      changed |= !condition.equals(expression);
    }
    if (!changed) {
      return program;
    }
    return RexProgram.create(
        program.getInputRowType(),
        projects,
        condition,
        program.getOutputRowType().getFieldNames(),
        rexBuilder);
  }
}
