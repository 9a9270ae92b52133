package io.sluice.plan;

import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamCalc;
import io.sluice.plan.nodes.StreamGroupAggregate;
import io.sluice.plan.nodes.StreamLimit;
import io.sluice.plan.nodes.StreamSort;
import io.sluice.plan.nodes.StreamUnion;
import io.sluice.plan.nodes.UpdatingRel;
import io.sluice.plan.spec.OutputMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;

/**
 * Decides, on the chosen physical plan, which updating nodes send the old row (-U) before each new
 * one (+U), as Flink's changelog mode inference does with its update-before trait. A consumer that
 * folds updates into per-key state needs the old row: an aggregate or top-N over them takes it back
 * out, and a result without an upsert key cannot replace a row it cannot find. A result keyed by an
 * upsert key replaces rows by key and needs only the new row. Aggregates under another operator
 * emit updates even in complete mode: only the result is repeated whole each batch.
 */
final class ChangelogInference {
  /** What the consumer of a node's rows needs. */
  private enum Consumer {
    /** The query's result, upserted by its key: -U rows are not needed. */
    KEYED_RESULT,
    /** The query's result without a key: a row is replaced by retracting the old one. */
    UNKEYED_RESULT,
    /** Another operator, folding the changes into its own state. */
    OPERATOR
  }

  private ChangelogInference() {}

  /**
   * The plan with each updating node's update-before decided; {@code keyed}: the root has a key.
   */
  static SluiceRel infer(SluiceRel root, boolean keyed) {
    return (SluiceRel) visit(root, keyed ? Consumer.KEYED_RESULT : Consumer.UNKEYED_RESULT);
  }

  private static RelNode visit(RelNode node, Consumer consumer) {
    boolean passesThrough =
        node instanceof StreamCalc
            || node instanceof StreamUnion
            || node instanceof StreamSort
            || node instanceof StreamLimit;
    Consumer inputConsumer = passesThrough ? consumer : Consumer.OPERATOR;
    List<RelNode> inputs = new ArrayList<>();
    boolean changed = false;
    for (RelNode input : node.getInputs()) {
      RelNode visited = visit(input, inputConsumer);
      inputs.add(visited);
      changed |= visited != input;
    }
    RelNode result = changed ? node.copy(node.getTraitSet(), inputs) : node;
    if (result instanceof StreamGroupAggregate aggregate
        && aggregate.mode() == OutputMode.COMPLETE
        && consumer == Consumer.OPERATOR) {
      result = aggregate.withMode(OutputMode.UPDATE);
    }
    if (result instanceof UpdatingRel updating) {
      boolean updateBefore = consumer != Consumer.KEYED_RESULT;
      if (updating.updateBefore() != updateBefore) {
        result = updating.withUpdateBefore(updateBefore);
      }
    }
    return result;
  }
}
