package io.sluice.plan.physical;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A node of Sluice's physical plan: what the runtime will execute, one operator per node. Made from
 * Calcite's logical plan by {@link io.sluice.plan.PhysicalPlanner}; immutable.
 */
public abstract class PhysicalNode {
  private final RelDataType rowType;
  private final List<PhysicalNode> inputs;

  protected PhysicalNode(RelDataType rowType, List<PhysicalNode> inputs) {
    this.rowType = requireNonNull(rowType, "rowType is null");
    this.inputs = List.copyOf(inputs);
  }

  public final RelDataType rowType() {
    return rowType;
  }

  public final List<PhysicalNode> inputs() {
    return inputs;
  }

  /** Changelog kinds this node emits; stateless nodes pass their input's through. */
  public ChangelogMode changelogMode() {
    ChangelogMode mode = ChangelogMode.INSERT_ONLY;
    for (PhysicalNode input : inputs) {
      if (input.changelogMode() != ChangelogMode.INSERT_ONLY) {
        mode = input.changelogMode();
      }
    }
    return mode;
  }

  /** Operator name as EXPLAIN shows it, e.g. {@code StreamCalc}. */
  public abstract String name();

  /** The node's own attributes for EXPLAIN, e.g. {@code expr=[...], where=[...]}. */
  public abstract String attributes();

  /** Accepts a visitor; the runtime's operator factory is one. */
  public abstract <R> R accept(PhysicalVisitor<R> visitor);

  /** Indented plan tree, one node per line, with changelog modes. */
  public final String explain() {
    StringBuilder builder = new StringBuilder();
    explain(builder, 0);
    return builder.toString();
  }

  private void explain(StringBuilder builder, int depth) {
    builder
        .append("  ".repeat(depth))
        .append(name())
        .append('(')
        .append(attributes())
        .append(") changelog=")
        .append(changelogMode().label())
        .append('\n');
    for (PhysicalNode input : inputs) {
      input.explain(builder, depth + 1);
    }
  }
}
