package io.sluice.plan.logical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.schema.RelationTable;
import io.sluice.plan.spec.WindowSpec;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Reads window calls: the group window functions of {@code GROUP BY TUMBLE|HOP|SESSION(ts, …)} and
 * the window table functions {@code TUMBLE|HOP|SESSION(TABLE s, DESCRIPTOR(ts), …)}, refusing the
 * forms the runtime cannot run with the reason.
 */
public final class WindowCalls {
  private WindowCalls() {}

  public static boolean isGroupWindow(RexNode node) {
    SqlKind kind = node.getKind();
    return node instanceof RexCall
        && (kind == SqlKind.TUMBLE || kind == SqlKind.HOP || kind == SqlKind.SESSION);
  }

  /** The window of a {@code GROUP BY TUMBLE|HOP|SESSION(ts, …)} call. */
  public static WindowSpec groupWindowSpec(RexCall call) {
    List<RexNode> operands = call.getOperands();
    switch (call.getKind()) {
      case TUMBLE:
        if (operands.size() > 2) {
          throw SluiceErrors.unsupportedConstruct("TUMBLE with an alignment offset");
        }
        return WindowSpec.tumble(intervalMillis(operands.get(1)));
      case HOP:
        if (operands.size() > 3) {
          throw SluiceErrors.unsupportedConstruct("HOP with an alignment offset");
        }
        return WindowSpec.hop(intervalMillis(operands.get(1)), intervalMillis(operands.get(2)));
      default:
        return session(intervalMillis(operands.get(1)));
    }
  }

  /** Whether {@code rel} or anything below it is a window table function over processing time. */
  public static boolean hasProcTimeWindows(RelNode rel) {
    return RelTrees.contains(
        rel,
        node ->
            node instanceof TableFunctionScan function
                && function.getInputs().size() == 1
                && function.getCall() instanceof RexCall call
                && isWindowTableFunction(call)
                && TimeAttributes.of(function.getInputs().get(0), descriptorColumn(call))
                    == TimeAttributes.Kind.PROC_TIME);
  }

  /** Whether {@code call} is a TUMBLE, HOP or SESSION table function. */
  public static boolean isWindowTableFunction(RexNode call) {
    if (!(call instanceof RexCall rexCall)) {
      return false;
    }
    String name = rexCall.getOperator().getName().toUpperCase(Locale.ROOT);
    return name.equals("TUMBLE") || name.equals("HOP") || name.equals("SESSION");
  }

  /** The window of a {@code TUMBLE|HOP|SESSION(TABLE s, DESCRIPTOR(ts), …)} table function. */
  public static WindowSpec tableFunctionSpec(RexCall call) {
    List<RexNode> operands = call.getOperands();
    String function = call.getOperator().getName().toUpperCase(Locale.ROOT);
    WindowSpec spec;
    int expectedOperands;
    switch (function) {
      case "TUMBLE":
        spec = WindowSpec.tumble(intervalMillis(operands.get(1)));
        expectedOperands = 2;
        break;
      case "HOP":
        spec = WindowSpec.hop(intervalMillis(operands.get(1)), intervalMillis(operands.get(2)));
        expectedOperands = 3;
        break;
      case "SESSION":
        // SESSION(DESCRIPTOR(ts), [DESCRIPTOR(keys),] gap): sessions are formed by the GROUP BY
        // above it, per its group keys.
        spec = session(intervalMillis(operands.get(operands.size() - 1)));
        expectedOperands = operands.size();
        break;
      default:
        throw SluiceErrors.unsupportedConstruct("Table function " + function);
    }
    if (operands.size() > expectedOperands) {
      throw SluiceErrors.unsupportedConstruct(
          call.getOperator().getName() + " with an alignment offset");
    }
    return spec;
  }

  /** The input column a window table function's {@code DESCRIPTOR(ts)} names. */
  public static int descriptorColumn(RexCall call) {
    RexNode descriptor = call.getOperands().get(0);
    if (!(descriptor instanceof RexCall)
        || ((RexCall) descriptor).getOperands().size() != 1
        || !(((RexCall) descriptor).getOperands().get(0) instanceof RexInputRef)) {
      throw SluiceErrors.unsupportedConstruct("A window DESCRIPTOR naming other than one column");
    }
    return ((RexInputRef) ((RexCall) descriptor).getOperands().get(0)).getIndex();
  }

  /** SESSION's PARTITION BY columns, as {@code SESSION(…, DESCRIPTOR(keys), gap)} names them. */
  public static List<Integer> sessionPartitionColumns(RexCall call) {
    List<Integer> partitionBy = new ArrayList<>();
    List<RexNode> operands = call.getOperands();
    if (call.getOperator().getName().equalsIgnoreCase("SESSION") && operands.size() == 3) {
      for (RexNode key : ((RexCall) operands.get(1)).getOperands()) {
        partitionBy.add(((RexInputRef) key).getIndex());
      }
    }
    return partitionBy;
  }

  /**
   * Push queries need their windows on an event-time column, or windows would never close: the
   * column a stream declares with WATERMARK FOR, read as it is.
   */
  public static void requireEventTime(RelNode input, RexNode time, String function) {
    if (time instanceof RexInputRef ref) {
      RelMetadataQuery mq = input.getCluster().getMetadataQuery();
      Set<RelColumnOrigin> origins = mq.getColumnOrigins(input, ref.getIndex());
      if (origins != null) {
        for (RelColumnOrigin origin : origins) {
          RelationTable table = origin.getOriginTable().unwrap(RelationTable.class);
          if (table != null && table.definition().watermark() != null && !origin.isDerived()) {
            String column =
                table.definition().columns().get(origin.getOriginColumnOrdinal()).name();
            if (column.equalsIgnoreCase(table.definition().watermark().column())) {
              return;
            }
          }
        }
      }
    }
    throw new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        function
            + " over "
            + time
            + " needs an event-time column: a column a stream declares with WATERMARK FOR; "
            + "without a watermark its windows would never close");
  }

  private static WindowSpec session(long gap) {
    return new WindowSpec(WindowSpec.Kind.SESSION, gap, gap);
  }

  private static long intervalMillis(RexNode node) {
    if (node instanceof RexLiteral literal) {
      Long value = literal.getValueAs(Long.class);
      if (value != null && value > 0) {
        return value;
      }
    }
    throw SluiceErrors.unsupportedConstruct(
        "A window size that is not a positive interval literal (" + node + ")");
  }
}
