package io.sluice.exec.codegen;

import io.sluice.sql.function.MathFunctions;
import io.sluice.sql.function.StringFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Runs standard functions whose Calcite implementation differs from Flink's with Flink's semantics.
 * {@code LN} and {@code LOG10} go through {@link Math#log}: of 0 they are -Infinity, of a negative
 * number NaN, where Calcite's throw and fail the whole query over one row. Text functions count
 * characters as code points, so an emoji is one character, where Calcite counts UTF-16 units:
 * {@code CHAR_LENGTH}, {@code POSITION}, {@code INSTR}, {@code LEFT}, {@code RIGHT} and {@code
 * SUBSTRING}. The plan keeps the standard operators, so EXPLAIN shows {@code LN(x)}.
 */
final class FlinkSemanticsRewriter {
  private static final SqlUserDefinedFunction LN =
      function(MathFunctions.class, "ln", ReturnTypes.DOUBLE_NULLABLE);
  private static final SqlUserDefinedFunction LOG10 =
      function(MathFunctions.class, "log10", ReturnTypes.DOUBLE_NULLABLE);
  private static final SqlUserDefinedFunction CHAR_LENGTH =
      function(StringFunctions.class, "charLength", ReturnTypes.INTEGER_NULLABLE);
  private static final SqlUserDefinedFunction POSITION =
      function(StringFunctions.class, "position", ReturnTypes.INTEGER_NULLABLE);
  private static final SqlUserDefinedFunction INSTR =
      function(StringFunctions.class, "instr", ReturnTypes.INTEGER_NULLABLE);
  private static final SqlUserDefinedFunction LEFT =
      function(StringFunctions.class, "left", ReturnTypes.ARG0_NULLABLE);
  private static final SqlUserDefinedFunction RIGHT =
      function(StringFunctions.class, "right", ReturnTypes.ARG0_NULLABLE);
  private static final SqlUserDefinedFunction SUBSTRING_FROM =
      function(StringFunctions.class, "substringFrom", ReturnTypes.ARG0_NULLABLE);
  private static final SqlUserDefinedFunction SUBSTRING_FROM_FOR =
      function(StringFunctions.class, "substringFromFor", ReturnTypes.ARG0_NULLABLE);

  private FlinkSemanticsRewriter() {}

  private static SqlUserDefinedFunction function(
      Class<?> implementation, String method, SqlReturnTypeInference returnType) {
    return RexPrograms.function(
        "SLUICE_" + method.toUpperCase(Locale.ROOT), implementation, method, returnType);
  }

  /** {@code program} with those functions replaced; {@code program} itself when it has none. */
  static RexProgram rewrite(RexProgram program, RexBuilder rexBuilder) {
    return RexPrograms.rewriteCalls(program, call -> replace(call, rexBuilder), rexBuilder);
  }

  /** Flink's version of {@code call}, or null when Calcite's already behaves as Flink's. */
  private static RexNode replace(RexCall call, RexBuilder rexBuilder) {
    SqlOperator operator = call.getOperator();
    List<RexNode> operands = call.getOperands();
    if (operator.equals(SqlStdOperatorTable.LN) || operator.equals(SqlStdOperatorTable.LOG10)) {
      RelDataType asDouble =
          rexBuilder
              .getTypeFactory()
              .createTypeWithNullability(call.getType(), operands.get(0).getType().isNullable());
      return rexBuilder.makeCall(
          call.getType(),
          operator.equals(SqlStdOperatorTable.LN) ? LN : LOG10,
          List.of(rexBuilder.makeCast(asDouble, operands.get(0))));
    }
    // byte strings keep Calcite's functions: there, a position counts bytes
    if (operands.isEmpty() || !SqlTypeUtil.inCharFamily(operands.get(0).getType())) {
      return null;
    }
    SqlUserDefinedFunction replacement = null;
    if (operator.equals(SqlStdOperatorTable.CHAR_LENGTH)
        || operator.equals(SqlStdOperatorTable.CHARACTER_LENGTH)) {
      replacement = CHAR_LENGTH;
    } else if (operator.equals(SqlStdOperatorTable.POSITION) && operands.size() == 2) {
      replacement = POSITION;
    } else if (operator.equals(SqlLibraryOperators.INSTR) && operands.size() == 2) {
      replacement = INSTR;
    } else if (operator.equals(SqlLibraryOperators.LEFT)) {
      replacement = LEFT;
    } else if (operator.equals(SqlLibraryOperators.RIGHT)) {
      replacement = RIGHT;
    } else if (operator.equals(SqlStdOperatorTable.SUBSTRING)) {
      replacement = operands.size() == 2 ? SUBSTRING_FROM : SUBSTRING_FROM_FOR;
    }
    if (replacement == null) {
      return null;
    }
    // counts and positions go in as BIGINT, the Java methods' Long
    List<RexNode> arguments = new ArrayList<>();
    for (RexNode operand : operands) {
      arguments.add(
          SqlTypeUtil.isExactNumeric(operand.getType())
              ? rexBuilder.makeCast(
                  rexBuilder
                      .getTypeFactory()
                      .createTypeWithNullability(
                          rexBuilder.getTypeFactory().createSqlType(SqlTypeName.BIGINT),
                          operand.getType().isNullable()),
                  operand)
              : operand);
    }
    return rexBuilder.makeCall(call.getType(), replacement, arguments);
  }
}
