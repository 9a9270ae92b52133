package io.sluice.exec.codegen;

import io.sluice.sql.function.SluiceFunctions;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
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
    return RexPrograms.rewrite(
        program,
        new RexShuttle() {
          @Override
          public RexNode visitCall(RexCall call) {
            if (call.getOperator().equals(SluiceFunctions.PROCTIME)) {
              return rexBuilder.makeCall(
                  call.getType(), SqlStdOperatorTable.LOCALTIMESTAMP, call.getOperands());
            }
            return super.visitCall(call);
          }
        },
        rexBuilder);
  }
}
