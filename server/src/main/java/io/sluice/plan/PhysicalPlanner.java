package io.sluice.plan;

import io.sluice.catalog.RelationTable;
import io.sluice.catalog.SqlTypes;
import io.sluice.error.SluiceErrors;
import io.sluice.exec.batch.ColumnType;
import io.sluice.plan.physical.PhysicalCalc;
import io.sluice.plan.physical.PhysicalLimit;
import io.sluice.plan.physical.PhysicalNode;
import io.sluice.plan.physical.PhysicalScan;
import io.sluice.plan.physical.PhysicalUnion;
import io.sluice.plan.physical.PhysicalValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Turns Calcite's optimised logical plan into Sluice's physical plan. Anything the runtime cannot
 * execute yet is rejected here with an error naming the SQL construct.
 */
public final class PhysicalPlanner {
  private PhysicalPlanner() {
  }

  public static PhysicalNode toPhysical(RelNode rel) {
    if (rel instanceof LogicalTableScan) {
      RelationTable table = rel.getTable().unwrap(RelationTable.class);
      if (table == null) {
        throw SluiceErrors.unsupportedConstruct("Reading table " + rel.getTable().getQualifiedName());
      }
      return new PhysicalScan(rel.getRowType(), table.definition());
    }
    if (rel instanceof LogicalCalc) {
      LogicalCalc calc = (LogicalCalc) rel;
      return new PhysicalCalc(toPhysical(calc.getInput()), calc.getProgram());
    }
    if (rel instanceof LogicalUnion) {
      LogicalUnion union = (LogicalUnion) rel;
      if (!union.all) {
        throw SluiceErrors.unsupportedConstruct("UNION without ALL (duplicate elimination)");
      }
      List<PhysicalNode> inputs = new ArrayList<>();
      for (RelNode input : union.getInputs()) {
        inputs.add(toPhysical(input));
      }
      return new PhysicalUnion(rel.getRowType(), inputs);
    }
    if (rel instanceof LogicalValues) {
      return values((LogicalValues) rel);
    }
    if (rel instanceof Sort) {
      Sort sort = (Sort) rel;
      if (!sort.getCollation().getFieldCollations().isEmpty()) {
        throw SluiceErrors.unsupportedConstruct("ORDER BY");
      }
      return new PhysicalLimit(toPhysical(sort.getInput()), literalLong(sort.offset, 0),
          literalLong(sort.fetch, -1));
    }
    throw SluiceErrors.unsupportedConstruct(describe(rel));
  }

  private static long literalLong(RexNode node, long absent) {
    if (node == null) {
      return absent;
    }
    if (node instanceof RexLiteral) {
      Long value = ((RexLiteral) node).getValueAs(Long.class);
      return value == null ? absent : value;
    }
    throw SluiceErrors.unsupportedConstruct("A LIMIT or OFFSET that is not a literal");
  }

  private static String describe(RelNode rel) {
    if (rel instanceof Aggregate) {
      return "Aggregation (GROUP BY, aggregate functions, DISTINCT)";
    }
    if (rel instanceof Join || rel instanceof Correlate) {
      return "JOIN (and sub-queries that become joins)";
    }
    if (rel instanceof Window) {
      return "OVER windows";
    }
    if (rel instanceof Minus || rel instanceof Intersect) {
      return "EXCEPT / INTERSECT";
    }
    if (rel instanceof TableFunctionScan) {
      return "Table function " + ((TableFunctionScan) rel).getCall();
    }
    return "Relational operator " + rel.getRelTypeName();
  }

  private static PhysicalValues values(LogicalValues values) {
    List<ColumnType> types = new ArrayList<>();
    values.getRowType().getFieldList().forEach(f -> types.add(SqlTypes.columnType(f.getType())));
    List<List<Object>> rows = new ArrayList<>();
    for (List<RexLiteral> tuple : values.getTuples()) {
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < tuple.size(); i++) {
        row.add(storageValue(tuple.get(i), types.get(i)));
      }
      rows.add(row);
    }
    return new PhysicalValues(values.getRowType(), rows);
  }

  /** A literal in batch storage form; null for SQL NULL. */
  static Object storageValue(RexLiteral literal, ColumnType type) {
    if (literal.isNull()) {
      return null;
    }
    switch (type) {
      case BOOLEAN:
        return Boolean.TRUE.equals(literal.getValueAs(Boolean.class)) ? 1L : 0L;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case TIMESTAMP:
        return literal.getValueAs(Long.class);
      case DATE:
      case TIME:
        return literal.getValueAs(Integer.class).longValue();
      case REAL:
      case DOUBLE:
        return literal.getValueAs(Double.class);
      case DECIMAL:
        return literal.getValueAs(BigDecimal.class);
      default:
        return literal.getValueAs(String.class);
    }
  }
}
