package io.sluice.plan;

import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamExchange;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Puts an exchange wherever a node requires its input spread over the subtasks otherwise than the
 * input is (Flink's exchanges between keyed operators): after physical planning, on the chosen
 * plan, since the plan is the same at every parallelism and only the exchange's runtime depends on
 * it.
 */
final class ExchangeInsertion {
  private ExchangeInsertion() {}

  static SluiceRel insert(SluiceRel root) {
    return (SluiceRel) visit(root, root.getCluster().getMetadataQuery());
  }

  private static RelNode visit(RelNode node, RelMetadataQuery mq) {
    List<RelNode> inputs = new ArrayList<>();
    boolean changed = false;
    for (int i = 0; i < node.getInputs().size(); i++) {
      RelNode input = node.getInputs().get(i);
      RelNode visited = visit(input, mq);
      RelDistribution required = ((SluiceRel) node).requiredDistribution(i);
      if (!satisfies(mq.distribution(visited), required)) {
        visited =
            new StreamExchange(visited.getCluster(), visited.getTraitSet(), visited, required);
      }
      inputs.add(visited);
      changed |= visited != input;
    }
    return changed ? node.copy(node.getTraitSet(), inputs) : node;
  }

  /** Hash distributions must hash the same columns in the same order: the hash combines them so. */
  private static boolean satisfies(RelDistribution delivered, RelDistribution required) {
    return switch (required.getType()) {
      case ANY -> true;
      case HASH_DISTRIBUTED ->
          delivered.getType() == RelDistribution.Type.HASH_DISTRIBUTED
              && delivered.getKeys().equals(required.getKeys());
      default -> delivered.getType() == required.getType();
    };
  }
}
