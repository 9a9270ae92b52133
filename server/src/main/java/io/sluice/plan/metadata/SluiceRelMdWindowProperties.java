package io.sluice.plan.metadata;

import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.LogicalRank;
import io.sluice.plan.logical.LogicalWindowAggregate;
import io.sluice.plan.logical.MlPredictCalls;
import io.sluice.plan.logical.WindowCalls;
import io.sluice.plan.nodes.StreamCorrelate;
import io.sluice.plan.nodes.StreamMlPredict;
import io.sluice.plan.nodes.StreamWindowAggregate;
import io.sluice.plan.nodes.StreamWindowRank;
import io.sluice.plan.nodes.StreamWindowTableFunction;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.RankSpec;
import io.sluice.plan.spec.WindowInfo;
import io.sluice.plan.spec.WindowSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Exchange;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Derives which columns are window bounds, as Flink's window properties: a window table function
 * appends window_start and window_end, a windowed aggregate emitting final rows passes its window
 * keys on, and calcs and ML_PREDICT carry the columns they pass through unchanged.
 */
public final class SluiceRelMdWindowProperties
    implements MetadataHandler<WindowPropertiesMetadata> {
  @Override
  public MetadataDef<WindowPropertiesMetadata> getDef() {
    return WindowPropertiesMetadata.DEF;
  }

  /** A Volcano subset: its best expression so far, or the one it started with. */
  public WindowProperties windowProperties(RelSubset subset, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).windowProperties(subset.getBestOrOriginal());
  }

  public WindowProperties windowProperties(TableFunctionScan scan, RelMetadataQuery mq) {
    if (MlPredictCalls.isMlPredict(scan)) {
      // the input's columns are handed on at their positions, window bounds among them
      return SluiceRelMetadataQuery.of(mq).windowProperties(scan.getInputs().get(0));
    }
    if (scan.getInputs().size() != 1 || !WindowCalls.isWindowTableFunction(scan.getCall())) {
      return WindowProperties.NONE;
    }
    return tableFunction(
        scan.getInputs().get(0), WindowCalls.tableFunctionSpec((RexCall) scan.getCall()), mq);
  }

  public WindowProperties windowProperties(
      StreamWindowTableFunction function, RelMetadataQuery mq) {
    return tableFunction(function.getInput(), function.spec(), mq);
  }

  public WindowProperties windowProperties(StreamMlPredict mlPredict, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).windowProperties(mlPredict.getInput());
  }

  private static WindowProperties tableFunction(
      RelNode input, WindowSpec spec, RelMetadataQuery mq) {
    Map<Integer, WindowColumn> columns =
        new HashMap<>(SluiceRelMetadataQuery.of(mq).windowProperties(input).columns());
    int start = input.getRowType().getFieldCount();
    columns.put(
        start, new WindowColumn(WindowColumn.Role.START, spec, WindowColumn.Source.TABLE_FUNCTION));
    columns.put(
        start + 1,
        new WindowColumn(WindowColumn.Role.END, spec, WindowColumn.Source.TABLE_FUNCTION));
    return new WindowProperties(columns);
  }

  /** The window columns the calc passes on unchanged, at their new positions. */
  public WindowProperties windowProperties(Calc calc, RelMetadataQuery mq) {
    WindowProperties input = SluiceRelMetadataQuery.of(mq).windowProperties(calc.getInput());
    if (input.columns().isEmpty()) {
      return WindowProperties.NONE;
    }
    RexProgram program = calc.getProgram();
    Map<Integer, WindowColumn> columns = new HashMap<>();
    for (int i = 0; i < program.getProjectList().size(); i++) {
      RexNode expression = program.expandLocalRef(program.getProjectList().get(i));
      if (expression instanceof RexInputRef ref) {
        int column = i;
        input.of(ref.getIndex()).ifPresent(window -> columns.put(column, window));
      }
    }
    return new WindowProperties(columns);
  }

  public WindowProperties windowProperties(LogicalWindowAggregate aggregate, RelMetadataQuery mq) {
    OutputMode mode = PlannerContext.of(aggregate).requestedMode();
    boolean finalRows = mode == OutputMode.AUTO || mode == OutputMode.APPEND;
    return finalRows ? aggregateWindows(aggregate.window()) : WindowProperties.NONE;
  }

  public WindowProperties windowProperties(StreamWindowAggregate aggregate, RelMetadataQuery mq) {
    return aggregate.mode() == OutputMode.APPEND
        ? aggregateWindows(aggregate.window())
        : WindowProperties.NONE;
  }

  /**
   * A windowed aggregate's window keys, when it emits each window once as it closes: the end key,
   * and the start key (unless it is also the end key, or sessions, whose start says nothing of when
   * they close).
   */
  private static WindowProperties aggregateWindows(WindowInfo window) {
    Map<Integer, WindowColumn> columns = new HashMap<>();
    if (window.startKey() >= 0
        && window.startKey() != window.endKey()
        && window.spec().kind() != WindowSpec.Kind.SESSION) {
      columns.put(
          window.startKey(),
          new WindowColumn(WindowColumn.Role.START, window.spec(), WindowColumn.Source.AGGREGATE));
    }
    if (window.endKey() >= 0) {
      columns.put(
          window.endKey(),
          new WindowColumn(WindowColumn.Role.END, window.spec(), WindowColumn.Source.AGGREGATE));
    }
    return new WindowProperties(columns);
  }

  /**
   * A top-N partitioned by a window's start and end passes the input's window columns on: it emits
   * each window's rows once, when the window closes, as its input did.
   */
  public WindowProperties windowProperties(LogicalRank rank, RelMetadataQuery mq) {
    return windowRank(rank.getInput(), rank.spec(), mq);
  }

  public WindowProperties windowProperties(StreamWindowRank rank, RelMetadataQuery mq) {
    return windowRank(rank.getInput(), rank.spec(), mq);
  }

  private static WindowProperties windowRank(RelNode input, RankSpec spec, RelMetadataQuery mq) {
    WindowProperties windows = SluiceRelMetadataQuery.of(mq).windowProperties(input);
    boolean start = false;
    boolean end = false;
    for (int key : spec.partitionKeys()) {
      Optional<WindowColumn> window = windows.of(key);
      if (window.isPresent()) {
        start |= window.get().role() == WindowColumn.Role.START;
        end |= window.get().role() == WindowColumn.Role.END;
      }
    }
    return start && end ? windows : WindowProperties.NONE;
  }

  /** A correlate's input columns come first and unchanged: their window columns stay. */
  public WindowProperties windowProperties(Correlate correlate, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).windowProperties(correlate.getLeft());
  }

  public WindowProperties windowProperties(StreamCorrelate correlate, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).windowProperties(correlate.getInput());
  }

  /** An exchange moves rows between subtasks and keeps them as they are. */
  public WindowProperties windowProperties(Exchange exchange, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).windowProperties(exchange.getInput());
  }

  /** Anything else: no window columns. */
  public WindowProperties windowProperties(RelNode rel, RelMetadataQuery mq) {
    return WindowProperties.NONE;
  }
}
