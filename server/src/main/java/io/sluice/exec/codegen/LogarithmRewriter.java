package io.sluice.exec.codegen;

import io.sluice.sql.function.MathFunctions;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Runs {@code LN} and {@code LOG10} as Flink does, through {@link Math#log}: of 0 they are
 * -Infinity, of a negative number NaN. Calcite's implementations throw there, failing the whole
 * query over one row. The plan keeps the standard operators, so EXPLAIN shows {@code LN(x)}.
 */
final class LogarithmRewriter {
  private static final SqlUserDefinedFunction LN = function("ln");
  private static final SqlUserDefinedFunction LOG10 = function("log10");

  private LogarithmRewriter() {}

  private static SqlUserDefinedFunction function(String method) {
    return RexPrograms.function(
        "SLUICE_" + method.toUpperCase(Locale.ROOT),
        MathFunctions.class,
        method,
        ReturnTypes.DOUBLE_NULLABLE);
  }

  /** {@code program} with LN and LOG10 replaced; {@code program} itself when there is none. */
  static RexProgram rewrite(RexProgram program, RexBuilder rexBuilder) {
    return RexPrograms.rewrite(
        program,
        new RexShuttle() {
          @Override
          public RexNode visitCall(RexCall call) {
            RexCall visited = (RexCall) super.visitCall(call);
            SqlOperator replacement =
                visited.getOperator().equals(SqlStdOperatorTable.LN)
                    ? LN
                    : visited.getOperator().equals(SqlStdOperatorTable.LOG10) ? LOG10 : null;
            if (replacement == null) {
              return visited;
            }
            RexNode operand = visited.getOperands().get(0);
            RexNode asDouble =
                rexBuilder.makeCast(
                    rexBuilder
                        .getTypeFactory()
                        .createTypeWithNullability(
                            visited.getType(), operand.getType().isNullable()),
                    operand);
            return rexBuilder.makeCall(visited.getType(), replacement, List.of(asDouble));
          }
        },
        rexBuilder);
  }
}
