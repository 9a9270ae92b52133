package io.sluice.plan;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.logical.TimeAttributes;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamCalc;
import io.sluice.plan.nodes.StreamCorrelate;
import io.sluice.plan.nodes.StreamDeduplicate;
import io.sluice.plan.nodes.StreamGroupAggregate;
import io.sluice.plan.nodes.StreamJoin;
import io.sluice.plan.nodes.StreamMlPredict;
import io.sluice.plan.nodes.StreamOverAggregate;
import io.sluice.plan.nodes.StreamRank;
import io.sluice.plan.nodes.StreamWindowAggregate;
import io.sluice.plan.nodes.StreamWindowRank;
import io.sluice.plan.nodes.StreamWindowTableFunction;
import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.plan.spec.JoinSpec.Strategy;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.WindowSpec;
import io.sluice.spi.changelog.ChangelogMode;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.util.List;
import org.apache.calcite.rel.RelNode;

/**
 * What is decided on the whole physical plan, once every node is chosen: each node gets the
 * changelog it can consume, sessions are formed by an aggregate, windows sit on times the watermark
 * bounds, and complete mode has a result table to repeat.
 */
final class PlanChecks {
  private PlanChecks() {}

  static void check(SluiceRel root, PlannerContext context) {
    SluiceRelMetadataQuery mq = SluiceRelMetadataQuery.of(root.getCluster().getMetadataQuery());
    checkChangelogs(root, mq);
    checkCorrelates(root, mq);
    checkRetractingConsumers(root, mq);
    checkSessionsAggregated(root, false);
    if (context.push()) {
      checkProcTimeWindowsClosed(root, false);
    }
    if (context.push()) {
      checkWindowsOverJoins(root);
    }
    ChangelogMode result = mq.changelogMode(root);
    if (context.requestedMode() == OutputMode.APPEND && result.isUpdating()) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Output mode append needs a result whose rows are final, but "
              + describe(updatesOrigin(root, mq))
              + " changes rows it emitted ("
              + result.label()
              + "); use update or auto");
    }
    if (context.requestedMode() == OutputMode.COMPLETE && !containsAggregate(root)) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Output mode complete needs an aggregation (GROUP BY or aggregate functions): without "
              + "one the result table is the whole input; use append");
    }
  }

  /** A node that can only consume inserts is refused an updating input, naming both. */
  private static void checkChangelogs(RelNode node, SluiceRelMetadataQuery mq) {
    for (RelNode input : node.getInputs()) {
      checkChangelogs(input, mq);
    }
    checkRetractions(node, mq);
    if (node instanceof SluiceRel rel && rel.requiresInsertOnlyInput()) {
      for (RelNode input : node.getInputs()) {
        ChangelogMode mode = mq.changelogMode(input);
        if (mode.isUpdating()) {
          RelNode origin = updatesOrigin(input, mq);
          throw SluiceErrors.unsupportedConstruct(
              what(node)
                  + " over an updating result ("
                  + node.getRelTypeName()
                  + " needs insert-only input, but "
                  + (origin == input ? "its input " : "the ")
                  + origin.getRelTypeName()
                  + (origin == input ? "" : " under it")
                  + " emits "
                  + mode.label()
                  + ")");
        }
      }
    }
  }

  /**
   * A table function over upserts (+U without -U) cannot take back the rows it collected for a
   * key's previous row; over retractions each -U/-D row retracts what the function collects for it.
   */
  private static void checkCorrelates(RelNode node, SluiceRelMetadataQuery mq) {
    if (node instanceof StreamCorrelate correlate) {
      ChangelogMode input = mq.changelogMode(correlate.getInput());
      if (input.kinds().contains(RowKind.UPDATE_AFTER)
              && !input.kinds().contains(RowKind.UPDATE_BEFORE)
          || input.kinds().contains(RowKind.DELETE)
              && !input.kinds().contains(RowKind.UPDATE_BEFORE)) {
        throw SluiceErrors.unsupportedConstruct(
            "LATERAL TABLE("
                + correlate.function().getName()
                + "(…)) over an upserting result (the "
                + updatesOrigin(correlate.getInput(), mq).getRelTypeName()
                + " emits "
                + input.label()
                + ", and the rows the function collected for a key's previous row could not be"
                + " taken back)");
      }
    }
    node.getInputs().forEach(input -> checkCorrelates(input, mq));
  }

  /**
   * A top-N or OVER aggregation over an updating input finds each retracted row by its values: an
   * upserting input (+U without the -U of the row it replaces) cannot be followed. An OVER over
   * inserts in a push query emits rows as the watermark passes them, so it must be ordered by a
   * time attribute; over an updating input its results are updated instead, in any order.
   */
  private static void checkRetractingConsumers(RelNode node, SluiceRelMetadataQuery mq) {
    node.getInputs().forEach(input -> checkRetractingConsumers(input, mq));
    boolean rank = node instanceof StreamRank r && r.mode() != OutputMode.FINAL;
    boolean over = node instanceof StreamOverAggregate o && o.mode() != OutputMode.FINAL;
    boolean join = node instanceof StreamJoin j && j.strategy() == Strategy.REGULAR;
    if (!rank && !over && !join) {
      return;
    }
    for (RelNode consumed : node.getInputs()) {
      ChangelogMode mode = mq.changelogMode(consumed);
      if (mode.kinds().contains(RowKind.UPDATE_AFTER)
          && !mode.kinds().contains(RowKind.UPDATE_BEFORE)) {
        throw SluiceErrors.unsupportedConstruct(
            (rank ? "Top-N" : over ? "OVER aggregation" : "JOIN")
                + " over an upserting result (the "
                + updatesOrigin(consumed, mq).getRelTypeName()
                + " emits "
                + mode.label()
                + " without the rows its updates replace)");
      }
    }
    ChangelogMode input = mq.changelogMode(node.getInput(0));
    if (node instanceof StreamOverAggregate aggregate
        && !input.isUpdating()
        && !aggregate.spec().eventTime()
        && !aggregate.spec().procTime()) {
      String orderName =
          aggregate.getInput().getRowType().getFieldNames().get(aggregate.spec().orderColumn());
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "An OVER aggregation over a stream must be ordered by its event-time column (the one"
              + " with a WATERMARK) or by PROCTIME(); "
              + orderName
              + " is not a time attribute");
    }
  }

  /**
   * An aggregate over an updating input takes retracted rows back out of its groups: a user-defined
   * aggregate function without {@code retract} cannot, so it is refused, naming the function and
   * the method it misses.
   */
  private static void checkRetractions(RelNode node, SluiceRelMetadataQuery mq) {
    List<AggregateCallSpec> calls;
    if (node instanceof StreamGroupAggregate aggregate) {
      calls = aggregate.calls();
    } else if (node instanceof StreamWindowAggregate aggregate) {
      calls = aggregate.calls();
    } else {
      return;
    }
    ChangelogMode input = mq.changelogMode(node.getInput(0));
    if (!input.isUpdating()) {
      return;
    }
    for (AggregateCallSpec call : calls) {
      String refusal = call.retractionRefusal();
      if (refusal != null) {
        throw new SluiceException(
            ErrorCode.NOT_SUPPORTED,
            "Aggregation over an updating result (the "
                + updatesOrigin(node.getInput(0), mq).getRelTypeName()
                + " emits "
                + input.label()
                + "): "
                + refusal);
      }
    }
  }

  /** The node where an updating changelog starts: below the calcs and unions that pass it on. */
  private static RelNode updatesOrigin(RelNode node, SluiceRelMetadataQuery mq) {
    for (RelNode input : node.getInputs()) {
      if (mq.changelogMode(input).isUpdating()
          && !(node instanceof StreamGroupAggregate || node instanceof StreamWindowAggregate)) {
        return updatesOrigin(input, mq);
      }
    }
    return node;
  }

  /** What a node that emits updates is, in the user's words. */
  private static String describe(RelNode node) {
    if (node instanceof StreamRank) {
      return "the top-N (ROW_NUMBER/RANK … WHERE rank <= N)";
    }
    if (node instanceof StreamDeduplicate) {
      return "the deduplication keeping each key's last row";
    }
    if (node instanceof StreamGroupAggregate) {
      return "the aggregation without a window";
    }
    if (node instanceof StreamJoin) {
      return "the outer join of two streams without a time bound (it retracts NULL-padded rows)";
    }
    return "the " + node.getRelTypeName();
  }

  private static String what(RelNode node) {
    if (node instanceof StreamJoin) {
      return "JOIN";
    }
    if (node instanceof StreamGroupAggregate || node instanceof StreamWindowAggregate) {
      return "Aggregation";
    }
    if (node instanceof StreamMlPredict) {
      return "ML_PREDICT";
    }
    return node.getRelTypeName();
  }

  /**
   * Windows over processing time close on the wall clock only in an operator that knows it: an
   * aggregate assigning them (no table function is left then) or a window top-N over the table
   * function. Anything else would never see them close.
   */
  private static void checkProcTimeWindowsClosed(RelNode node, boolean underWindowRank) {
    if (node instanceof StreamWindowTableFunction function
        && !underWindowRank
        && TimeAttributes.of(function.getInput(), function.timeColumn())
            == TimeAttributes.Kind.PROC_TIME) {
      throw SluiceErrors.unsupportedConstruct(
          function.spec().kind()
              + " over processing time (PROCTIME()) other than under GROUP BY window_start,"
              + " window_end, a window top-N or a window join");
    }
    boolean under =
        node instanceof StreamWindowRank
            || node instanceof StreamJoin join
                && join.strategy() == Strategy.INTERVAL
                && join.spec().bounds().isWindowJoin()
            || underWindowRank && node instanceof StreamCalc;
    for (RelNode input : node.getInputs()) {
      checkProcTimeWindowsClosed(input, under);
    }
  }

  /** A session table function only makes sense under the GROUP BY that forms the sessions. */
  private static void checkSessionsAggregated(RelNode node, boolean underAggregate) {
    if (node instanceof StreamWindowTableFunction function
        && !underAggregate
        && function.spec().kind() == WindowSpec.Kind.SESSION) {
      throw SluiceErrors.unsupportedConstruct(
          "The SESSION table function without a GROUP BY window_start, window_end over it");
    }
    boolean aggregate =
        node instanceof StreamWindowAggregate || node instanceof StreamGroupAggregate;
    for (RelNode input : node.getInputs()) {
      checkSessionsAggregated(input, aggregate || underAggregate && node instanceof StreamCalc);
    }
  }

  /** Joined rows of two streams carry times older than the watermark: a window would drop them. */
  private static void checkWindowsOverJoins(RelNode node) {
    if (node instanceof StreamWindowAggregate aggregate
        && containsStreamJoin(aggregate.getInput())) {
      throw SluiceErrors.unsupportedConstruct(
          "A window over the result of an interval join (joined rows carry times older than the "
              + "watermark; they would be dropped as late)");
    }
    node.getInputs().forEach(PlanChecks::checkWindowsOverJoins);
  }

  private static boolean containsStreamJoin(RelNode node) {
    if (node instanceof StreamJoin join
        && (join.strategy() == Strategy.INTERVAL
            || join.strategy() == Strategy.REGULAR
            || join.strategy() == Strategy.TEMPORAL)) {
      return true;
    }
    return node.getInputs().stream().anyMatch(PlanChecks::containsStreamJoin);
  }

  private static boolean containsAggregate(RelNode node) {
    return node instanceof StreamGroupAggregate
        || node instanceof StreamWindowAggregate
        || node.getInputs().stream().anyMatch(PlanChecks::containsAggregate);
  }
}
