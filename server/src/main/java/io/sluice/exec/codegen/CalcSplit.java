package io.sluice.exec.codegen;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * A calc's outputs split into input columns it hands on unchanged, whose vectors the operator
 * reuses (or gathers, when rows are filtered out), and the expressions generated code must compute,
 * with the condition, as a smaller program.
 */
public final class CalcSplit {
  private final int[] sources;
  private final RexProgram computed;

  private CalcSplit(int[] sources, RexProgram computed) {
    this.sources = sources;
    this.computed = computed;
  }

  /** Splits {@code program}. */
  public static CalcSplit of(RexProgram program, RexBuilder rexBuilder) {
    requireNonNull(program, "program is null");
    requireNonNull(rexBuilder, "rexBuilder is null");
    List<RexLocalRef> projects = program.getProjectList();
    List<String> names = program.getOutputRowType().getFieldNames();
    int[] sources = new int[projects.size()];
    List<RexNode> expressions = new ArrayList<>();
    List<String> expressionNames = new ArrayList<>();
    for (int i = 0; i < sources.length; i++) {
      RexNode expression = program.expandLocalRef(projects.get(i));
      if (expression instanceof RexInputRef) {
        sources[i] = ((RexInputRef) expression).getIndex();
      } else {
        sources[i] = -1;
        expressions.add(expression);
        expressionNames.add(names.get(i));
      }
    }
    RexNode condition =
        program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    RexProgram computed =
        expressions.isEmpty() && condition == null
            ? null
            : RexProgram.create(
                program.getInputRowType(), expressions, condition, expressionNames, rexBuilder);
    return new CalcSplit(sources, computed);
  }

  /** Per output column, the input column it is a copy of, or -1 when it is computed. */
  public int[] sources() {
    return sources.clone();
  }

  /**
   * The computed outputs, in output order, and the condition; null when there is neither (the calc
   * only picks and reorders columns).
   */
  public RexProgram computed() {
    return computed;
  }
}
