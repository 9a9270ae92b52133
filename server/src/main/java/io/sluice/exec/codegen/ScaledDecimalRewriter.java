package io.sluice.exec.codegen;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Rewrites {@code integer × DECIMAL constant} (and {@code +}, {@code -}, either order) into calls
 * of {@link ScaledDecimals}, which compute on the constant's unscaled long. Calcite types such
 * arithmetic DECIMAL and evaluates it with {@link BigDecimal}s it builds per row (the constant
 * parsed again, the integer converted, the result multiplied), e.g. Nexmark q1's {@code 0.908 *
 * price}. Results are identical; only how they are computed changes.
 */
final class ScaledDecimalRewriter {
  private static final SqlUserDefinedFunction MULTIPLY = function("multiply");
  private static final SqlUserDefinedFunction ADD = function("add");
  private static final SqlUserDefinedFunction SUBTRACT = function("subtract");
  private static final SqlUserDefinedFunction SUBTRACT_FROM = function("subtractFrom");

  private ScaledDecimalRewriter() {}

  private static SqlUserDefinedFunction function(String method) {
    return RexPrograms.function(
        "SLUICE_SCALED_DECIMAL_" + method.toUpperCase(java.util.Locale.ROOT),
        ScaledDecimals.class,
        method,
        ReturnTypes.explicit(SqlTypeName.DECIMAL));
  }

  /** {@code program} with such arithmetic rewritten; {@code program} itself when there is none. */
  static RexProgram rewrite(RexProgram program, RexBuilder rexBuilder) {
    return RexPrograms.rewriteCalls(program, call -> rewriteCall(call, rexBuilder), rexBuilder);
  }

  private static RexNode rewriteCall(RexCall call, RexBuilder rexBuilder) {
    SqlKind kind = call.getKind();
    if (kind != SqlKind.TIMES && kind != SqlKind.PLUS && kind != SqlKind.MINUS
        || call.getOperands().size() != 2
        || call.getType().getSqlTypeName() != SqlTypeName.DECIMAL) {
      return null;
    }
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    BigDecimal constant = decimalConstant(left);
    RexNode integer = integer(right);
    boolean constantFirst = true;
    if (constant == null || integer == null) {
      constant = decimalConstant(right);
      integer = integer(left);
      constantFirst = false;
    }
    if (constant == null || integer == null) {
      return null;
    }
    SqlUserDefinedFunction function;
    switch (kind) {
      case TIMES:
        function = MULTIPLY;
        break;
      case PLUS:
        function = ADD;
        break;
      default:
        function = constantFirst ? SUBTRACT_FROM : SUBTRACT;
        break;
    }
    RelDataType bigint = rexBuilder.getTypeFactory().createSqlType(SqlTypeName.BIGINT);
    RelDataType integerType = rexBuilder.getTypeFactory().createSqlType(SqlTypeName.INTEGER);
    return rexBuilder.makeCall(
        call.getType(),
        function,
        List.of(
            integer,
            rexBuilder.makeExactLiteral(new BigDecimal(constant.unscaledValue()), bigint),
            rexBuilder.makeExactLiteral(BigDecimal.valueOf(constant.scale()), integerType)));
  }

  /** A non-null DECIMAL literal whose unscaled value is a long and scale a power of ten one. */
  private static BigDecimal decimalConstant(RexNode node) {
    if (!(node instanceof RexLiteral) || node.getType().getSqlTypeName() != SqlTypeName.DECIMAL) {
      return null;
    }
    BigDecimal value = ((RexLiteral) node).getValueAs(BigDecimal.class);
    if (value == null
        || !ScaledDecimals.isScaleSupported(value.scale())
        || value.unscaledValue().bitLength() > 63) {
      return null;
    }
    return value;
  }

  /** An integer-typed expression, possibly under a CAST to DECIMAL that keeps every value. */
  private static RexNode integer(RexNode node) {
    if (isInteger(node.getType())) {
      return node;
    }
    if (node.getKind() == SqlKind.CAST
        && node.getType().getSqlTypeName() == SqlTypeName.DECIMAL
        && node.getType().getScale() == 0) {
      RexNode operand = ((RexCall) node).getOperands().get(0);
      if (isInteger(operand.getType())
          && node.getType().getPrecision() >= digits(operand.getType().getSqlTypeName())) {
        return operand;
      }
    }
    return null;
  }

  private static boolean isInteger(RelDataType type) {
    switch (type.getSqlTypeName()) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        return true;
      default:
        return false;
    }
  }

  private static int digits(SqlTypeName type) {
    switch (type) {
      case TINYINT:
        return 3;
      case SMALLINT:
        return 5;
      case INTEGER:
        return 10;
      default:
        return 19;
    }
  }
}
