package io.sluice.exec.codegen;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Rewrites {@code CAST(date AS VARCHAR)} and {@code CAST(time AS VARCHAR)} (a TIME without
 * fractional seconds) into calls of {@link DateTimeTexts}, which give the same text and reuse the
 * last value's. Casts to a VARCHAR too short for the text keep Calcite's own code.
 */
final class DateTimeTextRewriter {
  private static final SqlUserDefinedFunction DATE_TEXT = function("dateText");
  private static final SqlUserDefinedFunction TIME_TEXT = function("timeText");
  // yyyy-MM-dd and HH:mm:ss
  private static final int DATE_LENGTH = 10;
  private static final int TIME_LENGTH = 8;

  private DateTimeTextRewriter() {}

  private static SqlUserDefinedFunction function(String method) {
    return RexPrograms.function(
        "SLUICE_" + method.toUpperCase(java.util.Locale.ROOT),
        DateTimeTexts.class,
        method,
        ReturnTypes.explicit(SqlTypeName.VARCHAR));
  }

  /** {@code program} with such casts rewritten; {@code program} itself when there is none. */
  static RexProgram rewrite(RexProgram program, RexBuilder rexBuilder) {
    return RexPrograms.rewriteCalls(program, call -> replace(call, rexBuilder), rexBuilder);
  }

  /** The call of {@link DateTimeTexts} for such a cast, or null. */
  private static RexNode replace(RexCall cast, RexBuilder rexBuilder) {
    if (cast.getKind() != SqlKind.CAST) {
      return null;
    }
    RexNode operand = cast.getOperands().get(0);
    RelDataType from = operand.getType();
    RelDataType to = cast.getType();
    if (to.getSqlTypeName() != SqlTypeName.VARCHAR) {
      return null;
    }
    if (from.getSqlTypeName() == SqlTypeName.DATE && fits(to, DATE_LENGTH)) {
      return rexBuilder.makeCall(to, DATE_TEXT, List.of(operand));
    }
    if (from.getSqlTypeName() == SqlTypeName.TIME
        && from.getPrecision() == 0
        && fits(to, TIME_LENGTH)) {
      return rexBuilder.makeCall(to, TIME_TEXT, List.of(operand));
    }
    return null;
  }

  private static boolean fits(RelDataType varchar, int length) {
    int precision = varchar.getPrecision();
    return precision == RelDataType.PRECISION_NOT_SPECIFIED || precision >= length;
  }
}
