package io.sluice.plan.rules.logical;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.WatermarkSpec;
import io.sluice.plan.logical.ProjectedTableScan;
import io.sluice.plan.schema.RelationTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.tools.RelBuilderFactory;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Pushes a calc's projection into the scan below it: the scan reads only the columns the calc uses,
 * so sources generate or keep no column the query never looks at. The watermark column is always
 * read (the driver tracks event time on it), and a stream whose late rows go to another stream
 * ({@code ON LATE INTO}) reads every column, since the late rows leave whole.
 */
public final class ProjectIntoScanRule extends RelRule<ProjectIntoScanRule.Config> {
  private ProjectIntoScanRule(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalCalc calc = call.rel(0);
    TableScan scan = call.rel(1);
    RelationDefinition relation = scan.getTable().unwrap(RelationTable.class).definition();
    WatermarkSpec watermark = relation.watermark();
    if (watermark != null && watermark.lateStream() != null) {
      return;
    }
    List<Integer> current = columnsOf(scan);
    RexProgram program = calc.getProgram();
    List<RexNode> projects = new ArrayList<>();
    for (RexLocalRef ref : program.getProjectList()) {
      projects.add(program.expandLocalRef(ref));
    }
    RexNode condition =
        program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    ImmutableBitSet.Builder used = RelOptUtil.InputFinder.bits(projects, condition).rebuild();
    if (watermark != null) {
      for (int i = 0; i < current.size(); i++) {
        if (relation.columns().get(current.get(i)).name().equalsIgnoreCase(watermark.column())) {
          used.set(i);
        }
      }
    }
    ImmutableBitSet kept = used.build();
    if (kept.cardinality() == current.size()) {
      return;
    }
    List<Integer> columns = new ArrayList<>();
    int[] position = new int[current.size()];
    for (int i : kept) {
      position[i] = columns.size();
      columns.add(current.get(i));
    }
    ProjectedTableScan projected =
        ProjectedTableScan.create(scan.getCluster(), scan.getTable(), scan.getHints(), columns);
    RexShuttle renumber =
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(position[ref.getIndex()], ref.getType());
          }
        };
    List<RexNode> renumbered = new ArrayList<>(projects.size());
    for (RexNode project : projects) {
      renumbered.add(project.accept(renumber));
    }
    RexProgram narrowed =
        RexProgram.create(
            projected.getRowType(),
            renumbered,
            condition == null ? null : condition.accept(renumber),
            program.getOutputRowType(),
            calc.getCluster().getRexBuilder());
    call.transformTo(LogicalCalc.create(projected, narrowed));
  }

  private static List<Integer> columnsOf(TableScan scan) {
    if (scan instanceof ProjectedTableScan) {
      return ((ProjectedTableScan) scan).columns();
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < scan.getRowType().getFieldCount(); i++) {
      all.add(i);
    }
    return all;
  }

  /**
   * The rule's settings: by default a {@link LogicalCalc} directly over a scan of a catalog
   * relation.
   */
  public record Config(
      RelBuilderFactory relBuilderFactory, String description, OperandTransform operandSupplier)
      implements RelRule.Config {
    public static final Config DEFAULT =
        new Config(
            RelFactories.LOGICAL_BUILDER,
            "ProjectIntoScanRule",
            b0 ->
                b0.operand(LogicalCalc.class)
                    .oneInput(
                        b1 ->
                            b1.operand(TableScan.class)
                                .predicate(
                                    scan -> scan.getTable().unwrap(RelationTable.class) != null)
                                .noInputs()));

    public Config {
      requireNonNull(relBuilderFactory, "relBuilderFactory is null");
      requireNonNull(operandSupplier, "operandSupplier is null");
    }

    @Override
    public ProjectIntoScanRule toRule() {
      return new ProjectIntoScanRule(this);
    }

    @Override
    public Config withRelBuilderFactory(RelBuilderFactory factory) {
      return new Config(factory, description, operandSupplier);
    }

    @Override
    public Config withDescription(String description) {
      return new Config(relBuilderFactory, description, operandSupplier);
    }

    @Override
    public Config withOperandSupplier(OperandTransform transform) {
      return new Config(relBuilderFactory, description, transform);
    }
  }
}
