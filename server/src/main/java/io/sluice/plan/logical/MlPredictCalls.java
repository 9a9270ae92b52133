package io.sluice.plan.logical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.schema.MlPredictFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Reads {@code ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(a, b, …))} in a logical plan: a table
 * function scan whose call carries the model's name as a string literal and the DESCRIPTOR's
 * columns as references to the input's.
 */
public final class MlPredictCalls {
  private MlPredictCalls() {}

  /** Whether {@code scan} is an ML_PREDICT over one input. */
  public static boolean isMlPredict(TableFunctionScan scan) {
    return scan.getInputs().size() == 1 && isMlPredict(scan.getCall());
  }

  /** Whether {@code call} is an ML_PREDICT call. */
  public static boolean isMlPredict(RexNode call) {
    return call instanceof RexCall rexCall && MlPredictFunction.is(rexCall.getOperator());
  }

  /** The name of the model the call scores with. */
  public static String model(RexCall call) {
    for (RexNode operand : call.getOperands()) {
      if (operand instanceof RexLiteral literal && literal.getValueAs(String.class) != null) {
        return literal.getValueAs(String.class);
      }
    }
    throw new IllegalStateException("ML_PREDICT without a model: " + call);
  }

  /** The input columns the DESCRIPTOR names, in its order: the model's INPUT columns. */
  public static List<Integer> featureColumns(RexCall call) {
    for (RexNode operand : call.getOperands()) {
      if (operand.getKind() == SqlKind.DESCRIPTOR) {
        List<Integer> columns = new ArrayList<>();
        for (RexNode column : ((RexCall) operand).getOperands()) {
          if (!(column instanceof RexInputRef ref)) {
            throw SluiceErrors.unsupportedConstruct(
                "An ML_PREDICT DESCRIPTOR naming other than input columns (" + operand + ")");
          }
          columns.add(ref.getIndex());
        }
        return columns;
      }
    }
    throw new IllegalStateException("ML_PREDICT without a DESCRIPTOR: " + call);
  }
}
