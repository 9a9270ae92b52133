package io.sluice.plan.nodes;

/**
 * A node whose operator may change rows it emitted before. Whether it sends the old row (-U) before
 * each new one (+U) is decided on the whole plan once it is chosen ({@code ChangelogInference}), as
 * Flink's update-before trait is: only where a consumer needs the old row (an aggregate retracting
 * it, a result without a key to upsert by) is it worth the extra rows.
 */
public interface UpdatingRel extends SluiceRel {
  /** Whether each +U follows a -U of the row it replaces. */
  boolean updateBefore();

  /** This node, sending -U rows or not. */
  UpdatingRel withUpdateBefore(boolean updateBefore);
}
