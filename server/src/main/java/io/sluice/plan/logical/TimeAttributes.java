package io.sluice.plan.logical;

import io.sluice.catalog.RelationDefinition;
import io.sluice.plan.nodes.ProjectedScan;
import io.sluice.plan.schema.RelationTable;
import java.util.Locale;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;

/**
 * Which columns are time attributes, as Flink's: an event-time column is a stream's WATERMARK FOR
 * column passed on unchanged (the watermark bounds how late its rows come), a processing-time
 * column is {@code PROCTIME()}. A join's or an aggregate's output has neither: joined rows carry
 * times behind the watermark.
 */
public final class TimeAttributes {
  /** The name of the function that makes a processing-time column. */
  public static final String PROCTIME = "PROCTIME";

  /** What time a column holds. */
  public enum Kind {
    /** Not a time attribute. */
    NONE,
    /** Event time: the watermark bounds it. */
    EVENT_TIME,
    /** Processing time: the wall clock when the row is processed. */
    PROC_TIME
  }

  private TimeAttributes() {}

  /** What time {@code column} of {@code rel} holds. */
  public static Kind of(RelNode rel, int column) {
    RelNode node = RelTrees.unwrap(rel);
    if (node instanceof Calc calc) {
      RexProgram program = calc.getProgram();
      return ofExpression(
          calc.getInput(), program.expandLocalRef(program.getProjectList().get(column)));
    }
    if (node instanceof Project project) {
      return ofExpression(project.getInput(), project.getProjects().get(column));
    }
    if (node instanceof Filter
        || node instanceof LogicalRank
        || node instanceof Window
        || node instanceof org.apache.calcite.rel.core.Sort) {
      RelNode input = ((SingleRel) node).getInput();
      return column < input.getRowType().getFieldCount() ? of(input, column) : Kind.NONE;
    }
    if (node instanceof TableFunctionScan function
        && function.getInputs().size() == 1
        && WindowCalls.isWindowTableFunction(function.getCall())) {
      RelNode input = function.getInputs().get(0);
      return column < input.getRowType().getFieldCount() ? of(input, column) : Kind.NONE;
    }
    if (node instanceof Union union) {
      Kind kind = null;
      for (RelNode input : union.getInputs()) {
        Kind inputKind = of(input, column);
        if (kind != null && kind != inputKind) {
          return Kind.NONE;
        }
        kind = inputKind;
      }
      return kind == null ? Kind.NONE : kind;
    }
    if (node instanceof TableScan scan) {
      return ofScan(scan, column);
    }
    if (node instanceof Aggregate) {
      return Kind.NONE;
    }
    return Kind.NONE;
  }

  /** Whether {@code expression} is a call of {@code PROCTIME()}. */
  public static boolean isProcTimeCall(RexNode expression) {
    return RexUtil.removeCast(expression) instanceof RexCall call
        && call.getOperator().getName().equalsIgnoreCase(PROCTIME);
  }

  private static Kind ofExpression(RelNode input, RexNode expression) {
    if (isProcTimeCall(expression)) {
      return Kind.PROC_TIME;
    }
    return expression instanceof RexInputRef ref ? of(input, ref.getIndex()) : Kind.NONE;
  }

  private static Kind ofScan(TableScan scan, int column) {
    RelationTable table = scan.getTable().unwrap(RelationTable.class);
    if (table == null) {
      return Kind.NONE;
    }
    RelationDefinition relation = table.definition();
    int declared =
        scan instanceof ProjectedScan projected ? projected.columns().get(column) : column;
    String name = relation.columns().get(declared).name().toLowerCase(Locale.ROOT);
    if (relation.watermark() != null
        && relation.watermark().column().toLowerCase(Locale.ROOT).equals(name)) {
      return Kind.EVENT_TIME;
    }
    return Kind.NONE;
  }
}
