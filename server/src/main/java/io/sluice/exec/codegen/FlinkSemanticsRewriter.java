package io.sluice.exec.codegen;

import io.sluice.sql.function.MathFunctions;
import io.sluice.sql.function.StringFunctions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Runs standard functions whose Calcite implementation differs from Flink's with Flink's semantics.
 * {@code LN} and {@code LOG10} go through {@link Math#log}: of 0 they are -Infinity, of a negative
 * number NaN, where Calcite's throw and fail the whole query over one row. {@code CHAR_LENGTH}
 * counts code points, so an emoji is one character, where Calcite counts UTF-16 units. The plan
 * keeps the standard operators, so EXPLAIN shows {@code LN(x)}.
 */
final class FlinkSemanticsRewriter {
  private static final SqlUserDefinedFunction LN =
      function(MathFunctions.class, "ln", ReturnTypes.DOUBLE_NULLABLE);
  private static final SqlUserDefinedFunction LOG10 =
      function(MathFunctions.class, "log10", ReturnTypes.DOUBLE_NULLABLE);
  private static final SqlUserDefinedFunction CHAR_LENGTH =
      function(StringFunctions.class, "charLength", ReturnTypes.INTEGER_NULLABLE);

  private static final Map<SqlOperator, SqlUserDefinedFunction> REPLACEMENTS =
      Map.of(
          SqlStdOperatorTable.LN, LN,
          SqlStdOperatorTable.LOG10, LOG10,
          SqlStdOperatorTable.CHAR_LENGTH, CHAR_LENGTH,
          SqlStdOperatorTable.CHARACTER_LENGTH, CHAR_LENGTH);

  private FlinkSemanticsRewriter() {}

  private static SqlUserDefinedFunction function(
      Class<?> implementation, String method, SqlReturnTypeInference returnType) {
    return RexPrograms.function(
        "SLUICE_" + method.toUpperCase(Locale.ROOT), implementation, method, returnType);
  }

  /** {@code program} with those functions replaced; {@code program} itself when it has none. */
  static RexProgram rewrite(RexProgram program, RexBuilder rexBuilder) {
    return RexPrograms.rewrite(
        program,
        new RexShuttle() {
          @Override
          public RexNode visitCall(RexCall call) {
            RexCall visited = (RexCall) super.visitCall(call);
            SqlUserDefinedFunction replacement = REPLACEMENTS.get(visited.getOperator());
            if (replacement == null) {
              return visited;
            }
            RexNode operand = visited.getOperands().get(0);
            if (replacement.equals(CHAR_LENGTH)) {
              return rexBuilder.makeCall(visited.getType(), replacement, List.of(operand));
            }
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
