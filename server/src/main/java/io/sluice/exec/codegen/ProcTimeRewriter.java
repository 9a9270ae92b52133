package io.sluice.exec.codegen;

import io.sluice.sql.function.SluiceFunctions;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Runs {@code PROCTIME()} as {@code LOCALTIMESTAMP}: both read the micro-batch's start time from
 * the query's data context, so every row of a batch gets the same processing time. The planner
 * keeps {@code PROCTIME()} by name until here: it marks a processing-time attribute.
 */
final class ProcTimeRewriter {
  private ProcTimeRewriter() {}

  /** {@code program} with PROCTIME() calls replaced; {@code program} itself when there is none. */
  static RexProgram rewrite(RexProgram program, RexBuilder rexBuilder) {
    return RexPrograms.rewriteCalls(
        program,
        call ->
            call.getOperator().equals(SluiceFunctions.PROCTIME)
                ? rexBuilder.makeCall(
                    call.getType(), SqlStdOperatorTable.LOCALTIMESTAMP, call.getOperands())
                : null,
        rexBuilder);
  }
}
