package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.SqlTypes;
import io.sluice.exec.aggregate.Accumulator;
import io.sluice.exec.aggregate.Accumulators;
import io.sluice.exec.aggregate.AggregateOperator;
import io.sluice.exec.aggregate.SessionAggregateOperator;
import io.sluice.exec.codegen.CalcCompiler;
import io.sluice.exec.codegen.CalcKernel;
import io.sluice.exec.codegen.CalcSplit;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.plan.physical.AggregateCallSpec;
import io.sluice.plan.physical.ChangelogMode;
import io.sluice.plan.physical.PhysicalAggregate;
import io.sluice.plan.physical.PhysicalCalc;
import io.sluice.plan.physical.PhysicalJoin;
import io.sluice.plan.physical.PhysicalLimit;
import io.sluice.plan.physical.PhysicalNode;
import io.sluice.plan.physical.PhysicalScan;
import io.sluice.plan.physical.PhysicalSort;
import io.sluice.plan.physical.PhysicalUnion;
import io.sluice.plan.physical.PhysicalValues;
import io.sluice.plan.physical.PhysicalVisitor;
import io.sluice.plan.physical.PhysicalWindowTableFunction;
import io.sluice.plan.physical.WindowInfo;
import io.sluice.plan.physical.WindowSpec;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexProgram;

/**
 * Builds the runtime operator tree of a physical plan, numbering its scans so the driver knows
 * which source feeds which leaf.
 */
public final class OperatorFactory implements PhysicalVisitor<Operator> {
  private final JavaTypeFactory typeFactory;
  private final QueryDataContext context;
  private final List<PhysicalScan> scans = new ArrayList<>();

  public OperatorFactory(JavaTypeFactory typeFactory, QueryDataContext context) {
    this.typeFactory = requireNonNull(typeFactory, "typeFactory is null");
    this.context = requireNonNull(context, "context is null");
  }

  /** Scans met so far, in source-index order. */
  public List<PhysicalScan> scans() {
    return List.copyOf(scans);
  }

  public static List<ColumnType> columnTypes(RelDataType rowType) {
    List<ColumnType> types = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      types.add(SqlTypes.columnType(field.getType()));
    }
    return types;
  }

  @Override
  public Operator visit(PhysicalScan scan) {
    scans.add(scan);
    return new ScanOperator(scans.size() - 1);
  }

  @Override
  public Operator visit(PhysicalCalc calc) {
    Operator input = calc.input().accept(this);
    RexProgram program = calc.program();
    CalcSplit split = CalcSplit.of(program, new RexBuilder(typeFactory));
    CalcOperator operator =
        new CalcOperator(
            input,
            split.computed() == null
                ? null
                : CalcCompiler.compileBoth(split.computed(), typeFactory),
            split.sources(),
            columnTypes(calc.rowType()),
            context,
            calc.attributes());
    if (program.getCondition() != null && calc.input().changelogMode() == ChangelogMode.UPSERT) {
      RexBuilder rexBuilder = new RexBuilder(typeFactory);
      List<org.apache.calcite.rex.RexNode> projects = new ArrayList<>();
      program.getProjectList().forEach(ref -> projects.add(program.expandLocalRef(ref)));
      RexProgram projectAll =
          RexProgram.create(
              program.getInputRowType(), projects, null, program.getOutputRowType(), rexBuilder);
      RexProgram condition =
          RexProgram.create(
              program.getInputRowType(),
              List.of(),
              program.expandLocalRef(program.getCondition()),
              typeFactory.builder().build(),
              rexBuilder);
      operator.withRetraction(
          new CalcOperator.Retraction(
              CalcCompiler.compileBoth(projectAll, typeFactory),
              CalcCompiler.compileBoth(condition, typeFactory)));
    }
    return operator;
  }

  @Override
  public Operator visit(PhysicalUnion union) {
    List<Operator> inputs = new ArrayList<>();
    for (PhysicalNode input : union.inputs()) {
      inputs.add(input.accept(this));
    }
    return new UnionOperator(inputs, columnTypes(union.rowType()));
  }

  @Override
  public Operator visit(PhysicalValues values) {
    return new ValuesOperator(columnTypes(values.rowType()), values.rows());
  }

  @Override
  public Operator visit(PhysicalAggregate aggregate) {
    Operator input = aggregate.input().accept(this);
    List<Accumulator> accumulators = new ArrayList<>();
    for (AggregateCallSpec call : aggregate.calls()) {
      accumulators.add(Accumulators.create(call));
    }
    WindowInfo window = aggregate.window();
    if (window != null && window.spec().kind() == WindowSpec.Kind.SESSION) {
      return new SessionAggregateOperator(
          input,
          aggregate.keyColumns(),
          window.startKey(),
          window.endKey(),
          window.timeColumn(),
          window.spec().sizeMillis(),
          accumulators,
          columnTypes(aggregate.rowType()),
          aggregate.mode());
    }
    return new AggregateOperator(
        input,
        aggregate.keyColumns(),
        accumulators,
        columnTypes(aggregate.rowType()),
        aggregate.window(),
        aggregate.mode());
  }

  @Override
  public Operator visit(PhysicalWindowTableFunction windowFunction) {
    return new WindowTableFunctionOperator(
        windowFunction.input().accept(this),
        windowFunction.timeColumn(),
        windowFunction.spec(),
        columnTypes(windowFunction.rowType()));
  }

  @Override
  public Operator visit(PhysicalJoin join) {
    Operator left = join.left().accept(this);
    Operator right = join.right().accept(this);
    CalcKernel remainder = null;
    if (join.remainder() != null) {
      RexProgram program =
          RexProgram.create(
              join.rowType(),
              List.of(),
              join.remainder(),
              typeFactory.builder().build(),
              new RexBuilder(typeFactory));
      remainder = CalcCompiler.compile(program, typeFactory);
    }
    return new JoinOperator(left, right, join, remainder, context, columnTypes(join.rowType()));
  }

  @Override
  public Operator visit(PhysicalSort sort) {
    return new SortOperator(
        sort.input().accept(this),
        columnTypes(sort.rowType()),
        sort.collations(),
        sort.offset(),
        sort.fetch());
  }

  @Override
  public Operator visit(PhysicalLimit limit) {
    return new LimitOperator(
        limit.input().accept(this), columnTypes(limit.rowType()), limit.offset(), limit.fetch());
  }
}
