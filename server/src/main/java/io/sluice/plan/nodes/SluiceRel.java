package io.sluice.plan.nodes;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelDistributions;
import org.apache.calcite.rel.RelNode;

/**
 * A node of Sluice's physical plan: what the runtime executes, one operator per node. Made from
 * Calcite's logical plan by the converter rules of {@link io.sluice.plan.rules.SluiceRules};
 * immutable. What a node emits (its changelog mode, upsert key, window columns) is derived by the
 * metadata handlers of {@link io.sluice.plan.metadata}, not kept in the node.
 */
public interface SluiceRel extends RelNode {
  /** The calling convention of Sluice's physical nodes. */
  Convention CONVENTION = new Convention.Impl("SLUICE", SluiceRel.class);

  /** Accepts a visitor; the runtime's operator translator is one. */
  <R> R accept(SluiceRelVisitor<R> visitor);

  /** The state the node's operator keeps and what bounds it, as EXPLAIN shows it. */
  default StateInfo state() {
    return StateInfo.NONE;
  }

  /**
   * Whether the node's operator can only consume inserts: updates or deletes from an input would be
   * wrong results, so the planner refuses such a plan, naming both nodes.
   */
  default boolean requiresInsertOnlyInput() {
    return false;
  }

  /**
   * How input {@code input}'s rows must be spread over the query's parallel subtasks for this
   * node's operator to be right: hashed by the key its state is kept by, all on one subtask, or
   * anyhow ({@link RelDistributions#ANY}). Exchanges are inserted where an input is not distributed
   * so.
   */
  default RelDistribution requiredDistribution(int input) {
    return RelDistributions.ANY;
  }
}
