package io.sluice.exec.codegen;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Gives both operands of {@code MOD} over integers of different widths (e.g. {@code
 * MOD(bigint_column, 123)}) the wider type. Calcite finds the Java method by its operands' types;
 * with no exact match it takes the first overload that fits in whatever order the JVM lists them,
 * sometimes {@code mod(BigDecimal, ...)}, which computes the same remainder at many times the cost.
 * With equal types the {@code long} (or {@code int}) overload is always found.
 */
final class IntegerModRewriter {
  private IntegerModRewriter() {}

  /** {@code program} with such MODs widened; {@code program} itself when there is none. */
  static RexProgram rewrite(RexProgram program, RexBuilder rexBuilder) {
    return RexPrograms.rewriteCalls(program, call -> replace(call, rexBuilder), rexBuilder);
  }

  /** The MOD with its operands widened, or null when they need not be. */
  private static RexNode replace(RexCall mod, RexBuilder rexBuilder) {
    if (mod.getKind() != SqlKind.MOD) {
      return null;
    }
    List<RexNode> operands = mod.getOperands();
    if (operands.size() != 2
        || rank(operands.get(0).getType()) < 0
        || rank(operands.get(1).getType()) < 0
        || operands.get(0).getType().getSqlTypeName()
            == operands.get(1).getType().getSqlTypeName()) {
      return null;
    }
    RelDataType wider =
        rank(operands.get(0).getType()) > rank(operands.get(1).getType())
            ? operands.get(0).getType()
            : operands.get(1).getType();
    List<RexNode> widened = new ArrayList<>();
    for (RexNode operand : operands) {
      RelDataType type =
          rexBuilder
              .getTypeFactory()
              .createTypeWithNullability(wider, operand.getType().isNullable());
      widened.add(
          operand.getType().getSqlTypeName() == wider.getSqlTypeName()
              ? operand
              : rexBuilder.makeCast(type, operand, true, false));
    }
    return rexBuilder.makeCall(mod.getType(), mod.getOperator(), widened);
  }

  /** Width order of integer types; -1 for other types. */
  private static int rank(RelDataType type) {
    SqlTypeName name = type.getSqlTypeName();
    return name == SqlTypeName.TINYINT
        ? 0
        : name == SqlTypeName.SMALLINT
            ? 1
            : name == SqlTypeName.INTEGER ? 2 : name == SqlTypeName.BIGINT ? 3 : -1;
  }
}
