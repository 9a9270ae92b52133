package io.sluice.plan.rules.logical;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.WatermarkSpec;
import io.sluice.plan.logical.MlPredictCalls;
import io.sluice.plan.schema.RelationTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.tools.RelBuilderFactory;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Narrows ML_PREDICT's input to the columns used: those the calc above reads and the model's
 * features. ML_PREDICT passes every input column through, so without this the scan under it would
 * read (and a source decode) every column of the stream, used or not. A calc keeping the used
 * columns goes under ML_PREDICT, where {@link ProjectIntoScanRule} pushes it into the scan.
 */
public final class MlPredictNarrowingRule extends RelRule<MlPredictNarrowingRule.Config> {
  private MlPredictNarrowingRule(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalCalc calc = call.rel(0);
    LogicalTableFunctionScan scan = call.rel(1);
    RelNode input = unwrap(scan.getInputs().get(0));
    int inputColumns = input.getRowType().getFieldCount();
    RexProgram program = calc.getProgram();
    List<RexNode> projects = new ArrayList<>();
    for (RexLocalRef ref : program.getProjectList()) {
      projects.add(program.expandLocalRef(ref));
    }
    RexNode condition =
        program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    ImmutableBitSet usedAbove = RelOptUtil.InputFinder.bits(projects, condition);
    ImmutableBitSet.Builder kept = ImmutableBitSet.builder();
    for (int column : usedAbove) {
      if (column < inputColumns) {
        kept.set(column);
      }
    }
    RexNode mlCall = scan.getCall();
    kept.addAll(RelOptUtil.InputFinder.bits(List.of(mlCall), null));
    if (input instanceof TableScan tableScan) {
      // the scan reads its watermark column anyway: dropping it here would only add a calc
      WatermarkSpec watermark =
          tableScan.getTable().unwrap(RelationTable.class).definition().watermark();
      List<String> names = input.getRowType().getFieldNames();
      for (int i = 0; watermark != null && i < names.size(); i++) {
        if (names.get(i).equalsIgnoreCase(watermark.column())) {
          kept.set(i);
        }
      }
    }
    ImmutableBitSet keep = kept.build();
    if (keep.cardinality() == inputColumns) {
      return;
    }
    RexBuilder rexBuilder = calc.getCluster().getRexBuilder();
    RelDataTypeFactory types = calc.getCluster().getTypeFactory();
    // position of each kept input column in the narrowed input, -1 for those dropped
    int[] position = new int[inputColumns];
    List<RexNode> narrowing = new ArrayList<>();
    List<String> narrowedNames = new ArrayList<>();
    RelDataTypeFactory.Builder rowType = types.builder();
    List<RelDataTypeField> fields = scan.getRowType().getFieldList();
    for (int i = 0; i < inputColumns; i++) {
      position[i] = -1;
      if (keep.get(i)) {
        position[i] = narrowing.size();
        RelDataTypeField field = input.getRowType().getFieldList().get(i);
        narrowing.add(new RexInputRef(i, field.getType()));
        narrowedNames.add(field.getName());
        rowType.add(fields.get(i));
      }
    }
    for (int i = inputColumns; i < fields.size(); i++) {
      rowType.add(fields.get(i));
    }
    RelDataType narrowedRowType = rowType.build();
    RelDataType narrowedInputType =
        types.createStructType(narrowing.stream().map(RexNode::getType).toList(), narrowedNames);
    RexProgram narrowingProgram =
        RexProgram.create(input.getRowType(), narrowing, null, narrowedInputType, rexBuilder);
    // over a calc (a view's WHERE), one calc rather than two
    LogicalCalc narrowedInput =
        input instanceof LogicalCalc inputCalc
            ? LogicalCalc.create(
                inputCalc.getInput(),
                RexProgramBuilder.mergePrograms(
                    narrowingProgram, inputCalc.getProgram(), rexBuilder))
            : LogicalCalc.create(input, narrowingProgram);
    RexShuttle renumberInput =
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(position[ref.getIndex()], ref.getType());
          }
        };
    LogicalTableFunctionScan narrowedScan =
        LogicalTableFunctionScan.create(
            scan.getCluster(),
            List.of(narrowedInput),
            mlCall.accept(renumberInput),
            scan.getElementType(),
            narrowedRowType,
            null);
    int narrowedCount = narrowing.size();
    RexShuttle renumberAbove =
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            int index = ref.getIndex();
            return new RexInputRef(
                index < inputColumns ? position[index] : narrowedCount + index - inputColumns,
                ref.getType());
          }
        };
    List<RexNode> renumbered = new ArrayList<>(projects.size());
    for (RexNode project : projects) {
      renumbered.add(project.accept(renumberAbove));
    }
    RexProgram above =
        RexProgram.create(
            narrowedRowType,
            renumbered,
            condition == null ? null : condition.accept(renumberAbove),
            program.getOutputRowType(),
            rexBuilder);
    call.transformTo(LogicalCalc.create(narrowedScan, above));
  }

  /**
   * Whether {@code input} is a scan of a catalog relation, perhaps under a calc: where fewer
   * columns mean less read. Over anything else (a join, a window) dropping columns saves nothing.
   */
  static boolean readsRelation(RelNode input) {
    RelNode node = unwrap(input);
    RelNode below = node instanceof LogicalCalc calc ? unwrap(calc.getInput()) : node;
    return below instanceof TableScan scan && scan.getTable().unwrap(RelationTable.class) != null;
  }

  /** The node a Hep planner's vertex stands for. */
  private static RelNode unwrap(RelNode node) {
    return node instanceof HepRelVertex vertex ? vertex.getCurrentRel() : node;
  }

  /** The rule's settings: by default a {@link LogicalCalc} directly over an ML_PREDICT. */
  public record Config(
      RelBuilderFactory relBuilderFactory, String description, OperandTransform operandSupplier)
      implements RelRule.Config {
    public static final Config DEFAULT =
        new Config(
            RelFactories.LOGICAL_BUILDER,
            "MlPredictNarrowingRule",
            b0 ->
                b0.operand(LogicalCalc.class)
                    .oneInput(
                        b1 ->
                            b1.operand(LogicalTableFunctionScan.class)
                                .predicate(
                                    scan ->
                                        MlPredictCalls.isMlPredict(scan)
                                            && readsRelation(scan.getInputs().get(0)))
                                .anyInputs()));

    public Config {
      requireNonNull(relBuilderFactory, "relBuilderFactory is null");
      requireNonNull(operandSupplier, "operandSupplier is null");
    }

    @Override
    public MlPredictNarrowingRule toRule() {
      return new MlPredictNarrowingRule(this);
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
