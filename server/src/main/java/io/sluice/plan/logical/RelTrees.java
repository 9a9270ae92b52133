package io.sluice.plan.logical;

import io.sluice.catalog.RelationKind;
import io.sluice.plan.schema.RelationTable;
import java.util.function.Predicate;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Walks a plan while planners hold it: a rule sees its inputs wrapped (a Hep vertex, a Volcano
 * subset); these read through to the expression inside.
 */
public final class RelTrees {
  private RelTrees() {}

  /** The expression a planner's wrapper stands for, or {@code rel} itself. */
  public static RelNode unwrap(RelNode rel) {
    if (rel instanceof HepRelVertex vertex) {
      return vertex.getCurrentRel();
    }
    if (rel instanceof RelSubset subset) {
      return subset.getOriginal();
    }
    return rel;
  }

  /** Whether {@code rel} or anything below it satisfies {@code test}. */
  public static boolean contains(RelNode rel, Predicate<RelNode> test) {
    RelNode node = unwrap(rel);
    if (test.test(node)) {
      return true;
    }
    for (RelNode input : node.getInputs()) {
      if (contains(input, test)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every relation under {@code rel} is a bounded table (or literal rows). */
  public static boolean isBounded(RelNode rel) {
    return !contains(
        rel,
        node -> {
          if (!(node instanceof TableScan)) {
            return false;
          }
          RelationTable table = node.getTable().unwrap(RelationTable.class);
          return table == null || table.definition().kind() == RelationKind.STREAM;
        });
  }

  /** Whether an aggregate (windowed or not) is under {@code rel}. */
  public static boolean containsAggregate(RelNode rel) {
    return contains(rel, node -> node instanceof Aggregate);
  }

  /** The node below any calcs that produces a column, and the column's position there. */
  public record ColumnOrigin(RelNode node, int column) {}

  /** Traces {@code column} of {@code rel} down through calcs; null if a calc computes it. */
  public static @Nullable ColumnOrigin origin(RelNode rel, int column) {
    RelNode node = unwrap(rel);
    while (node instanceof Calc calc) {
      RexProgram program = calc.getProgram();
      RexNode expression = program.expandLocalRef(program.getProjectList().get(column));
      if (!(expression instanceof RexInputRef ref)) {
        return null;
      }
      column = ref.getIndex();
      node = unwrap(calc.getInput());
    }
    return new ColumnOrigin(node, column);
  }
}
