package io.sluice.exec.translate;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.SqlTypes;
import io.sluice.exec.aggregate.Accumulator;
import io.sluice.exec.aggregate.Accumulators;
import io.sluice.exec.aggregate.AggregateOperator;
import io.sluice.exec.aggregate.LocalSlicingWindowAggregateOperator;
import io.sluice.exec.aggregate.OverAggregateOperator;
import io.sluice.exec.aggregate.RetractOverAggregateOperator;
import io.sluice.exec.aggregate.SessionAggregateOperator;
import io.sluice.exec.aggregate.SlicingWindowAggregateOperator;
import io.sluice.exec.codegen.CalcCompiler;
import io.sluice.exec.codegen.CalcSplit;
import io.sluice.exec.codegen.CompiledCalc;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.exec.model.ModelBinding;
import io.sluice.exec.model.ModelRegistry;
import io.sluice.exec.operator.AppendOnlyTopNOperator;
import io.sluice.exec.operator.CalcOperator;
import io.sluice.exec.operator.CorrelateOperator;
import io.sluice.exec.operator.DeduplicateFirstOperator;
import io.sluice.exec.operator.DeduplicateLastOperator;
import io.sluice.exec.operator.ExchangeChannels;
import io.sluice.exec.operator.ExchangeOperator;
import io.sluice.exec.operator.HandedRowsOperator;
import io.sluice.exec.operator.JoinOperator;
import io.sluice.exec.operator.LimitOperator;
import io.sluice.exec.operator.MlPredictOperator;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.OperatorStates;
import io.sluice.exec.operator.RankOperator;
import io.sluice.exec.operator.ScanOperator;
import io.sluice.exec.operator.SetOperationOperator;
import io.sluice.exec.operator.SortOperator;
import io.sluice.exec.operator.StatefulOperator;
import io.sluice.exec.operator.UnionOperator;
import io.sluice.exec.operator.ValuesOperator;
import io.sluice.exec.operator.WindowRankOperator;
import io.sluice.exec.operator.WindowTableFunctionOperator;
import io.sluice.plan.explain.PlanExplainer;
import io.sluice.plan.logical.TimeAttributes;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.nodes.LookupTable;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.SluiceRelVisitor;
import io.sluice.plan.nodes.StreamCalc;
import io.sluice.plan.nodes.StreamCorrelate;
import io.sluice.plan.nodes.StreamDeduplicate;
import io.sluice.plan.nodes.StreamExchange;
import io.sluice.plan.nodes.StreamGroupAggregate;
import io.sluice.plan.nodes.StreamJoin;
import io.sluice.plan.nodes.StreamLimit;
import io.sluice.plan.nodes.StreamMlPredict;
import io.sluice.plan.nodes.StreamOverAggregate;
import io.sluice.plan.nodes.StreamRank;
import io.sluice.plan.nodes.StreamScan;
import io.sluice.plan.nodes.StreamSetOperation;
import io.sluice.plan.nodes.StreamSort;
import io.sluice.plan.nodes.StreamUnion;
import io.sluice.plan.nodes.StreamValues;
import io.sluice.plan.nodes.StreamWindowAggregate;
import io.sluice.plan.nodes.StreamWindowRank;
import io.sluice.plan.nodes.StreamWindowTableFunction;
import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.plan.spec.OverSpec;
import io.sluice.plan.spec.WindowInfo;
import io.sluice.plan.spec.WindowSpec;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Turns a physical plan into the runtime's operator tree, one case per physical node: the only
 * place where planner classes meet operators. Expressions are compiled here; operators receive
 * kernels and plain specifications. Scans are numbered in the order met, so the driver knows which
 * source feeds which leaf.
 */
public final class OperatorTranslator implements SluiceRelVisitor<Operator> {
  private final JavaTypeFactory typeFactory;
  private final QueryDataContext context;
  private final ModelRegistry models;
  private final List<ScanSpec> scans = new ArrayList<>();
  private final List<LookupSpec> lookups = new ArrayList<>();
  private final List<ModelBinding> bindings = new ArrayList<>();
  private final Map<RelNode, Operator> operators = new IdentityHashMap<>();
  private final int subtask;
  private final ExchangeChannels exchanges;
  private final SharedScans sharedScans;
  private int exchangesMet;

  private OperatorTranslator(
      JavaTypeFactory typeFactory,
      QueryDataContext context,
      ModelRegistry models,
      int subtask,
      ExchangeChannels exchanges,
      SharedScans sharedScans) {
    this.typeFactory = requireNonNull(typeFactory, "typeFactory is null");
    this.context = requireNonNull(context, "context is null");
    this.models = requireNonNull(models, "models is null");
    this.subtask = subtask;
    this.exchanges = requireNonNull(exchanges, "exchanges is null");
    this.sharedScans = requireNonNull(sharedScans, "sharedScans is null");
  }

  /** The operators of {@code root}'s plan, for one run of the query on one subtask. */
  public static TranslatedPlan translate(
      SluiceRel root, JavaTypeFactory typeFactory, QueryDataContext context, ModelRegistry models) {
    return translate(root, typeFactory, context, models, 0, new ExchangeChannels(1), true);
  }

  /**
   * The operators subtask {@code subtask} of a parallel query runs: the whole plan, its exchanges
   * meeting the other subtasks' at the channels of {@code exchanges}; with {@code sharedScans}, the
   * scans of one relation read one source.
   */
  public static TranslatedPlan translate(
      SluiceRel root,
      JavaTypeFactory typeFactory,
      QueryDataContext context,
      ModelRegistry models,
      int subtask,
      ExchangeChannels exchanges,
      boolean sharedScans) {
    OperatorTranslator translator =
        new OperatorTranslator(
            typeFactory, context, models, subtask, exchanges, SharedScans.of(root, sharedScans));
    Operator operator = translator.input(root);
    List<StatefulOperator> stateful = new ArrayList<>();
    translator.collectStateful(root, stateful, new HashMap<>());
    OperatorStates states =
        new OperatorStates(digest(PlanExplainer.explainForState(root)), stateful);
    boolean singleRoot =
        root.getCluster().getMetadataQuery().distribution(root).getType()
            == RelDistribution.Type.SINGLETON;
    return new TranslatedPlan(
        operator, translator.scans, translator.lookups, states, translator.bindings, singleRoot);
  }

  /**
   * How many sources a run of {@code root} reads: one per relation it scans with {@code
   * sharedScans}, else one per scan (what offsets of a checkpoint hold, one per source).
   */
  public static int sourceCount(SluiceRel root, boolean sharedScans) {
    return SharedScans.sourceCount(root, sharedScans);
  }

  private Operator input(RelNode input) {
    Operator operator = ((SluiceRel) input).accept(this);
    operators.put(input, operator);
    return operator;
  }

  /**
   * Names the operators whose state checkpoints keep: each by its kind and its number among those
   * of its kind, in the order checkpoints of format 1 held them (an aggregate or limit before its
   * input, a join after both inputs).
   */
  private void collectStateful(
      RelNode node, List<StatefulOperator> stateful, Map<String, Integer> counts) {
    boolean keepsState =
        node instanceof StreamGroupAggregate
            || node instanceof StreamWindowAggregate
            || node instanceof StreamLimit
            || node instanceof StreamJoin
            || node instanceof StreamRank
            || node instanceof StreamDeduplicate
            || node instanceof StreamWindowRank
            || node instanceof StreamOverAggregate
            || node instanceof StreamSetOperation;
    if (keepsState && !(node instanceof StreamJoin)) {
      stateful.add(stateful(node, counts));
    }
    for (RelNode input : node.getInputs()) {
      collectStateful(input, stateful, counts);
    }
    if (node instanceof StreamJoin) {
      stateful.add(stateful(node, counts));
    }
  }

  private StatefulOperator stateful(RelNode node, Map<String, Integer> counts) {
    String kind = node.getRelTypeName();
    int number = counts.merge(kind, 1, Integer::sum) - 1;
    List<String> subtree = PlanExplainer.explainForState((SluiceRel) node);
    String description =
        subtree.stream().map(String::strip).collect(java.util.stream.Collectors.joining(" / "));
    return new StatefulOperator(
        kind + "#" + number, digest(subtree), description, operators.get(node));
  }

  /** A short hash of plan text: equal plans, equal digests. */
  private static String digest(List<String> lines) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static List<ColumnType> columnTypes(RelDataType rowType) {
    List<ColumnType> types = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      types.add(SqlTypes.columnType(field.getType()));
    }
    return types;
  }

  @Override
  public Operator visit(StreamScan scan) {
    List<Integer> read = sharedScans.sourceColumns(scan);
    int source = -1;
    for (int i = 0; sharedScans.enabled() && i < scans.size() && source < 0; i++) {
      if (scans.get(i).relation().equals(scan.relation())) {
        source = i;
      }
    }
    if (source < 0) {
      List<RelDataTypeField> declared = scan.getTable().getRowType().getFieldList();
      List<ColumnType> types = new ArrayList<>(read.size());
      for (int column : read) {
        types.add(SqlTypes.columnType(declared.get(column).getType()));
      }
      scans.add(new ScanSpec(scan.relation(), read, types));
      source = scans.size() - 1;
    }
    if (read.equals(scan.columns())) {
      return new ScanOperator(source);
    }
    int[] positions = new int[scan.columns().size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = read.indexOf(scan.columns().get(i));
    }
    return new ScanOperator(source, positions);
  }

  @Override
  public Operator visit(StreamCalc calc) {
    return calc(calc, input(calc.getInput()));
  }

  /** The calc's filter and projection over {@code input}. */
  private Operator calc(StreamCalc calc, Operator input) {
    RexProgram program = calc.getProgram();
    RexBuilder rexBuilder = new RexBuilder(typeFactory);
    CalcSplit split = CalcSplit.of(program, rexBuilder);
    CalcOperator operator =
        new CalcOperator(
            input,
            split.computed() == null
                ? null
                : CalcCompiler.compileBoth(split.computed(), typeFactory),
            split.sources(),
            columnTypes(calc.getRowType()),
            context,
            description(calc));
    SluiceRelMetadataQuery mq = SluiceRelMetadataQuery.of(calc.getCluster().getMetadataQuery());
    if (program.getCondition() != null && mq.changelogMode(calc.getInput()).isUpdating()) {
      // A row of a key that stops passing the filter must retract what passed before.
      List<RexNode> projects = new ArrayList<>();
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

  /** The calc as EXPLAIN shows it, for errors raised while it evaluates. */
  private static String description(StreamCalc calc) {
    RexProgram program = calc.getProgram();
    StringBuilder builder = new StringBuilder("select=[");
    List<String> names = program.getOutputRowType().getFieldNames();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        builder.append(", ");
      }
      builder
          .append(program.expandLocalRef(program.getProjectList().get(i)))
          .append(" AS ")
          .append(names.get(i));
    }
    builder.append(']');
    if (program.getCondition() != null) {
      builder
          .append(", where=[")
          .append(program.expandLocalRef(program.getCondition()))
          .append(']');
    }
    return builder.toString();
  }

  @Override
  public Operator visit(StreamUnion union) {
    List<Operator> inputs = new ArrayList<>();
    for (RelNode input : union.getInputs()) {
      inputs.add(input(input));
    }
    return new UnionOperator(inputs, columnTypes(union.getRowType()));
  }

  @Override
  public Operator visit(StreamSetOperation setOperation) {
    List<Operator> inputs = new ArrayList<>();
    for (RelNode input : setOperation.getInputs()) {
      inputs.add(input(input));
    }
    return new SetOperationOperator(
        inputs, setOperation.except(), setOperation.push(), columnTypes(setOperation.getRowType()));
  }

  @Override
  public Operator visit(StreamValues values) {
    List<ColumnType> types = columnTypes(values.getRowType());
    List<List<Object>> rows = new ArrayList<>();
    for (List<RexLiteral> tuple : values.getTuples()) {
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < tuple.size(); i++) {
        row.add(storageValue(tuple.get(i), types.get(i)));
      }
      rows.add(row);
    }
    // literal rows come once, from the first subtask
    return new ValuesOperator(types, subtask == 0 ? rows : List.of());
  }

  @Override
  public Operator visit(StreamExchange exchange) {
    Operator input = input(exchange.getInput());
    RelDistribution distribution = exchange.getDistribution();
    ExchangeOperator.Mode mode =
        switch (distribution.getType()) {
          case HASH_DISTRIBUTED -> ExchangeOperator.Mode.HASH;
          case SINGLETON -> ExchangeOperator.Mode.SINGLE;
          case BROADCAST_DISTRIBUTED -> ExchangeOperator.Mode.BROADCAST;
          default ->
              throw new IllegalStateException("No exchange sends rows " + distribution.getType());
        };
    int[] keys = distribution.getKeys().stream().mapToInt(Integer::intValue).toArray();
    return new ExchangeOperator(input, exchanges.channel(exchangesMet++), subtask, mode, keys);
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

  @Override
  public Operator visit(StreamLimit limit) {
    return new LimitOperator(
        input(limit.getInput()), columnTypes(limit.getRowType()), limit.offset(), limit.fetch());
  }

  @Override
  public Operator visit(StreamSort sort) {
    return new SortOperator(
        input(sort.getInput()),
        columnTypes(sort.getRowType()),
        sort.fields(),
        sort.offset(),
        sort.fetch());
  }

  @Override
  public Operator visit(StreamGroupAggregate aggregate) {
    SluiceRelMetadataQuery mq =
        SluiceRelMetadataQuery.of(aggregate.getCluster().getMetadataQuery());
    boolean retracting = mq.changelogMode(aggregate.getInput()).isUpdating();
    List<Accumulator> accumulators = Accumulators.create(aggregate.calls(), retracting);
    return new AggregateOperator(
        input(aggregate.getInput()),
        aggregate.keyColumns(),
        accumulators,
        columnTypes(aggregate.getRowType()),
        null,
        aggregate.mode(),
        retracting,
        aggregate.updateBefore());
  }

  @Override
  public Operator visit(StreamWindowAggregate aggregate) {
    if (aggregate.twoPhase()) {
      return localGlobal(aggregate, (StreamExchange) aggregate.getInput());
    }
    Operator input = input(aggregate.getInput());
    WindowInfo window = aggregate.window();
    if (window.spec().kind() == WindowSpec.Kind.SESSION) {
      return new SessionAggregateOperator(
          input,
          aggregate.keyColumns(),
          window.startKey(),
          window.endKey(),
          window.timeColumn(),
          window.spec().sizeMillis(),
          accumulators(aggregate.calls()),
          columnTypes(aggregate.getRowType()),
          aggregate.mode());
    }
    if (aggregate.sliced()) {
      return new SlicingWindowAggregateOperator(
          input,
          aggregate.keyColumns(),
          accumulators(aggregate.calls()),
          columnTypes(aggregate.getRowType()),
          window);
    }
    return new AggregateOperator(
        input,
        aggregate.keyColumns(),
        accumulators(aggregate.calls()),
        columnTypes(aggregate.getRowType()),
        window,
        aggregate.mode());
  }

  /**
   * A sliced window aggregate whose only keys are the window's, in two phases (Flink's local-global
   * aggregation): every subtask folds its rows into partial slices before the exchange, and the
   * windows are kept where the exchange sends everything. The plan, and so the checkpointed state,
   * is the one-phase aggregate's.
   */
  private Operator localGlobal(StreamWindowAggregate aggregate, StreamExchange exchange) {
    Operator local =
        new LocalSlicingWindowAggregateOperator(
            input(exchange.getInput()), accumulators(aggregate.calls()), aggregate.window());
    Operator exchanged =
        new ExchangeOperator(
            local,
            exchanges.channel(exchangesMet++),
            subtask,
            ExchangeOperator.Mode.SINGLE,
            new int[0]);
    operators.put(exchange, exchanged);
    return SlicingWindowAggregateOperator.mergingPartials(
        exchanged,
        aggregate.keyColumns(),
        accumulators(aggregate.calls()),
        columnTypes(aggregate.getRowType()),
        aggregate.window());
  }

  private static List<Accumulator> accumulators(List<AggregateCallSpec> calls) {
    return Accumulators.create(calls, false);
  }

  @Override
  public Operator visit(StreamWindowTableFunction windowFunction) {
    return new WindowTableFunctionOperator(
        input(windowFunction.getInput()),
        windowFunction.timeColumn(),
        windowFunction.spec(),
        columnTypes(windowFunction.getRowType()));
  }

  /**
   * ML_PREDICT: the operator scores with a binding of the model, which the driver pins to a version
   * each batch; bindings are numbered in the order met, as checkpoints record their versions.
   */
  @Override
  public Operator visit(StreamMlPredict mlPredict) {
    Operator input = input(mlPredict.getInput());
    List<ColumnType> types = columnTypes(mlPredict.getRowType());
    List<ColumnType> outputTypes = types.subList(mlPredict.firstOutputColumn(), types.size());
    ModelBinding binding =
        models.bind(
            mlPredict.model(),
            mlPredict.getRelTypeName() + "#" + bindings.size(),
            outputTypes,
            mlPredict.featureColumns().size());
    bindings.add(binding);
    int[] features = mlPredict.featureColumns().stream().mapToInt(Integer::intValue).toArray();
    return new MlPredictOperator(input, binding, features, outputTypes);
  }

  @Override
  public Operator visit(StreamCorrelate correlate) {
    Operator input = input(correlate.getInput());
    RelDataType inputType = correlate.getInput().getRowType();
    int leftColumns = inputType.getFieldCount();
    List<RexNode> operands = correlate.invocation().getOperands();
    int[] arguments = new int[operands.size()];
    List<ColumnType> argumentTypes = new ArrayList<>();
    boolean computed = false;
    for (int a = 0; a < operands.size(); a++) {
      RexNode operand = operands.get(a);
      argumentTypes.add(SqlTypes.columnType(operand.getType()));
      if (operand instanceof RexInputRef ref) {
        arguments[a] = ref.getIndex();
      } else {
        computed = true;
      }
    }
    if (computed) {
      // The arguments are computed by a calc appending them to the input row.
      RexBuilder rexBuilder = new RexBuilder(typeFactory);
      List<RexNode> projects = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (RelDataTypeField field : inputType.getFieldList()) {
        projects.add(rexBuilder.makeInputRef(field.getType(), field.getIndex()));
        names.add(field.getName());
      }
      for (int a = 0; a < operands.size(); a++) {
        arguments[a] = projects.size();
        projects.add(operands.get(a));
        names.add("$arg" + a);
      }
      RexProgram program = RexProgram.create(inputType, projects, null, names, rexBuilder);
      CalcSplit split = CalcSplit.of(program, rexBuilder);
      input =
          new CalcOperator(
              input,
              split.computed() == null
                  ? null
                  : CalcCompiler.compileBoth(split.computed(), typeFactory),
              split.sources(),
              columnTypes(program.getOutputRowType()),
              context,
              "arguments of " + correlate.invocation());
    }
    return new CorrelateOperator(
        input,
        leftColumns,
        arguments,
        argumentTypes,
        correlate.function().function(),
        correlate.function().eval(),
        correlate.joinType() == JoinRelType.LEFT,
        columnTypes(correlate.getRowType()));
  }

  @Override
  public Operator visit(StreamJoin join) {
    LookupTable keyed = join.lookupTable();
    boolean tableLeft = join.spec().buildLeft();
    Operator left = keyed != null && tableLeft ? noRows(join.getLeft()) : input(join.getLeft());
    Operator right = keyed != null && !tableLeft ? noRows(join.getRight()) : input(join.getRight());
    CompiledCalc remainder = null;
    if (join.remainder() != null) {
      RexProgram program =
          RexProgram.create(
              join.getRowType(),
              List.of(),
              join.remainder(),
              typeFactory.builder().build(),
              new RexBuilder(typeFactory));
      remainder = CalcCompiler.compileBoth(program, typeFactory);
    }
    JoinOperator operator =
        new JoinOperator(
            left,
            right,
            join.spec(),
            remainder,
            context,
            columnTypes(join.getRowType()),
            join.getLeft().getRowType().getFieldCount());
    if (keyed != null) {
      List<Integer> keyColumns = new ArrayList<>();
      for (int key : tableLeft ? join.spec().leftKeys() : join.spec().rightKeys()) {
        keyColumns.add(keyed.relationColumn(key));
      }
      StreamScan scan = keyed.scan();
      lookups.add(new LookupSpec(scan.relation(), scan.columns(), keyColumns, operator));
      if (keyed.calc() != null) {
        HandedRowsOperator lookedUp = new HandedRowsOperator(columnTypes(scan.getRowType()));
        operator.filterLookedUpRows(lookedUp, calc(keyed.calc(), lookedUp));
      }
    }
    return operator;
  }

  /** The table side of a join that looks its rows up: reads nothing. */
  private static Operator noRows(RelNode table) {
    return new ValuesOperator(columnTypes(table.getRowType()), List.of());
  }

  @Override
  public Operator visit(StreamRank rank) {
    if (!rank.retract() && AppendOnlyTopNOperator.supports(rank.spec())) {
      return new AppendOnlyTopNOperator(
          input(rank.getInput()),
          rank.spec(),
          columnTypes(rank.getRowType()),
          rank.mode(),
          rank.updateBefore(),
          rank.stateTtlMillis());
    }
    return new RankOperator(
        input(rank.getInput()),
        rank.spec(),
        columnTypes(rank.getRowType()),
        rank.mode(),
        rank.updateBefore(),
        rank.stateTtlMillis(),
        rank.retract());
  }

  @Override
  public Operator visit(StreamDeduplicate deduplicate) {
    Operator input = input(deduplicate.getInput());
    int[] keys = deduplicate.keys().stream().mapToInt(Integer::intValue).toArray();
    boolean eventTime = deduplicate.time() == TimeAttributes.Kind.EVENT_TIME;
    List<ColumnType> types = columnTypes(deduplicate.getRowType());
    if (!deduplicate.keepLast()) {
      return new DeduplicateFirstOperator(
          input, keys, deduplicate.timeColumn(), eventTime, types, deduplicate.stateTtlMillis());
    }
    return new DeduplicateLastOperator(
        input,
        keys,
        deduplicate.timeColumn(),
        eventTime,
        types,
        deduplicate.mode(),
        deduplicate.updateBefore(),
        deduplicate.stateTtlMillis());
  }

  @Override
  public Operator visit(StreamWindowRank rank) {
    return new WindowRankOperator(
        input(rank.getInput()),
        rank.spec(),
        rank.windowEndColumn(),
        columnTypes(rank.getRowType()),
        rank.procTime());
  }

  @Override
  public Operator visit(StreamOverAggregate over) {
    OverSpec spec = over.spec();
    if (over.retract()) {
      List<Accumulator> retracting = new ArrayList<>();
      for (AggregateCallSpec call : spec.calls()) {
        retracting.add(Accumulators.create(call, true));
      }
      return new RetractOverAggregateOperator(
          input(over.getInput()),
          columnTypes(over.getInput().getRowType()),
          columnTypes(over.getRowType()),
          spec.partitionKeys().stream().mapToInt(Integer::intValue).toArray(),
          spec.orderColumn(),
          spec.rows(),
          spec.preceding(),
          retracting);
    }
    List<Accumulator> accumulators = new ArrayList<>();
    for (AggregateCallSpec call : spec.calls()) {
      accumulators.add(Accumulators.create(call, !spec.unbounded()));
    }
    return new OverAggregateOperator(
        input(over.getInput()),
        columnTypes(over.getInput().getRowType()),
        columnTypes(over.getRowType()),
        spec.partitionKeys().stream().mapToInt(Integer::intValue).toArray(),
        spec.orderColumn(),
        spec.rows(),
        spec.preceding(),
        spec.eventTime(),
        spec.procTime(),
        accumulators);
  }
}
