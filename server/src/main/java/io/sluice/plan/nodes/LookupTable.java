package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationKind;
import io.sluice.spi.connector.ConnectorFactory;
import io.sluice.spi.connector.Connectors;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The table side of a lookup join whose connector reads rows by key (a jdbc table): its scan, and
 * the filter and projection over it, if any, that the join applies to the rows it looked up (as
 * Flink's lookup join applies a calc on the temporal table).
 */
public record LookupTable(StreamScan scan, @Nullable StreamCalc calc) {
  public LookupTable {
    requireNonNull(scan, "scan is null");
  }

  /**
   * The table side {@code table} of a join keyed by {@code keys} (its positions in the side's rows)
   * as a lookup table, or null when it is not a scan of a table looked up by key, possibly under
   * one calc that hands each key column on unchanged (a computed key cannot be looked up).
   */
  public static @Nullable LookupTable of(RelNode table, int[] keys) {
    StreamCalc calc = null;
    RelNode below = table;
    if (table instanceof StreamCalc c) {
      calc = c;
      below = c.getInput();
    }
    if (!(below instanceof StreamScan scan)
        || scan.relation().kind() != RelationKind.TABLE
        || !Connectors.find(scan.relation().options())
            .map(ConnectorFactory::supportsLookup)
            .orElse(false)) {
      return null;
    }
    LookupTable lookup = new LookupTable(scan, calc);
    for (int key : keys) {
      if (lookup.scanColumn(key) < 0) {
        return null;
      }
    }
    return lookup;
  }

  /**
   * The declared position, in the table, of the column at {@code position} of the join's table
   * side; -1 when that column is computed.
   */
  public int relationColumn(int position) {
    int column = scanColumn(position);
    return column < 0 ? -1 : scan.columns().get(column);
  }

  /** The scan's output column the side's column at {@code position} is, or -1 if computed. */
  private int scanColumn(int position) {
    if (calc == null) {
      return position;
    }
    RexProgram program = calc.getProgram();
    RexNode projected = program.expandLocalRef(program.getProjectList().get(position));
    return projected instanceof RexInputRef ref ? ref.getIndex() : -1;
  }
}
