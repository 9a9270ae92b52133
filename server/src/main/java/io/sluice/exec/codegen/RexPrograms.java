package io.sluice.exec.codegen;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/** Small helpers over Calcite programs. */
final class RexPrograms {
  private RexPrograms() {}

  /**
   * A function named {@code name} whose generated code calls the public static {@code method} of
   * {@code implementation}: what the rewriters put in place of the calls they replace.
   */
  static SqlUserDefinedFunction function(
      String name, Class<?> implementation, String method, SqlReturnTypeInference returnType) {
    return new SqlUserDefinedFunction(
        new SqlIdentifier(name, SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION,
        returnType,
        InferTypes.RETURN_TYPE,
        null,
        requireNonNull(ScalarFunctionImpl.create(implementation, method), method));
  }

  /**
   * {@code program} with {@code replace} applied to every call, innermost first (a call comes with
   * its operands already replaced); a null answer keeps the call. The program itself when nothing
   * was replaced.
   */
  static RexProgram rewriteCalls(
      RexProgram program, Function<RexCall, RexNode> replace, RexBuilder rexBuilder) {
    return rewrite(
        program,
        new RexShuttle() {
          @Override
          public RexNode visitCall(RexCall call) {
            RexNode visited = super.visitCall(call);
            RexNode replaced = visited instanceof RexCall c ? replace.apply(c) : null;
            return replaced == null ? visited : replaced;
          }
        },
        rexBuilder);
  }

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
