package io.sluice.plan;

import io.sluice.catalog.WatermarkSpec;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamCalc;
import io.sluice.plan.nodes.StreamCorrelate;
import io.sluice.plan.nodes.StreamExchange;
import io.sluice.plan.nodes.StreamGroupAggregate;
import io.sluice.plan.nodes.StreamJoin;
import io.sluice.plan.nodes.StreamMlPredict;
import io.sluice.plan.nodes.StreamScan;
import io.sluice.plan.nodes.StreamUnion;
import io.sluice.plan.nodes.StreamValues;
import io.sluice.plan.nodes.StreamWindowTableFunction;
import io.sluice.plan.spec.JoinSpec;
import io.sluice.plan.spec.OutputMode;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import org.apache.calcite.rel.RelNode;

/**
 * Which plans the continuous trigger runs: operators whose output for a row does not wait for later
 * rows or for the watermark, so each row can go through as it arrives (stateless ones, joins of a
 * stream with a table, aggregates emitting updates). Anything else is refused, naming the operator
 * and why.
 */
public final class ContinuousSupport {
  private ContinuousSupport() {}

  /** Throws when {@code plan} has an operator the continuous trigger cannot run. */
  public static void check(PlannedQuery plan) {
    check(plan.root());
  }

  private static void check(RelNode node) {
    String refusal = refusal(node);
    if (refusal != null) {
      throw new SluiceException(
          ErrorCode.NOT_SUPPORTED,
          "The continuous trigger cannot run "
              + refusal
              + "; it runs stateless queries, joins of a stream with a table and aggregations"
              + " without a window in update mode. Use the default or a processing-time trigger");
    }
    for (RelNode input : node.getInputs()) {
      check(input);
    }
  }

  /** Why the continuous trigger cannot run {@code node}, or null when it can. */
  private static String refusal(RelNode node) {
    if (node instanceof StreamCalc
        || node instanceof StreamExchange
        || node instanceof StreamUnion
        || node instanceof StreamValues
        || node instanceof StreamCorrelate
        || node instanceof StreamMlPredict
        || node instanceof StreamWindowTableFunction) {
      return null;
    }
    if (node instanceof StreamScan scan) {
      WatermarkSpec watermark = scan.relation().watermark();
      if (watermark != null && watermark.lateStream() != null) {
        return "the scan of '"
            + scan.relation().name()
            + "' (its late rows go to '"
            + watermark.lateStream()
            + "', which is decided per batch against the watermark)";
      }
      return null;
    }
    if (node instanceof StreamJoin join) {
      JoinSpec.Strategy strategy = join.spec().strategy();
      if (strategy == JoinSpec.Strategy.LOOKUP || strategy == JoinSpec.Strategy.SNAPSHOT) {
        return null;
      }
      return "the "
          + strategy.name().toLowerCase(java.util.Locale.ROOT)
          + " join of two streams (StreamJoin): its rows wait for the other stream or the watermark;"
          + " only joins of a stream with a table run continuously";
    }
    if (node instanceof StreamGroupAggregate aggregate) {
      if (aggregate.mode() == OutputMode.UPDATE) {
        return null;
      }
      return "the aggregation without a window in "
          + aggregate.mode().name().toLowerCase(java.util.Locale.ROOT)
          + " mode (StreamGroupAggregate): continuously it emits each group's change as a row"
          + " arrives, which is output mode update";
    }
    if (node instanceof SluiceRel) {
      return "the " + node.getRelTypeName() + " operator: " + why(node.getRelTypeName());
    }
    return null;
  }

  private static String why(String operator) {
    return switch (operator) {
      case "StreamWindowAggregate" -> "a window's result waits for the watermark to close it";
      case "StreamOverAggregate" -> "each row waits for the watermark to order it among its peers";
      case "StreamRank", "StreamWindowRank" ->
          "a top-N revises its ranks as later rows arrive (or waits for its window to close)";
      case "StreamDeduplicate" -> "which row of a key is kept depends on the rows after it";
      case "StreamLimit", "StreamSort" -> "it orders or counts the whole result";
      case "StreamSetOperation" -> "INTERSECT/EXCEPT wait for both inputs";
      default -> "its output waits for the watermark, the end of a window or later rows";
    };
  }
}
