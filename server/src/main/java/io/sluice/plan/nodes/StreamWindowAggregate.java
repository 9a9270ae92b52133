package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.WindowInfo;
import io.sluice.plan.spec.WindowSpec;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Incremental GROUP BY over event-time windows (TUMBLE, HOP, SESSION): one accumulator row per open
 * window and key, emitted and dropped once the watermark passes the window. Its windows are
 * assigned from the input's time column (GROUP BY TUMBLE(ts, …), or a TUMBLE/HOP table function
 * fused into it) or read from window columns the input carries.
 */
public final class StreamWindowAggregate extends Aggregate implements SluiceRel {
  private final WindowInfo window;
  private final List<AggregateCallSpec> calls;
  private final OutputMode mode;

  public StreamWindowAggregate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      ImmutableBitSet groupSet,
      List<AggregateCall> aggCalls,
      WindowInfo window,
      List<AggregateCallSpec> calls,
      OutputMode mode,
      RelDataType rowType) {
    super(cluster, traits, List.of(), input, groupSet, null, aggCalls);
    this.rowType = requireNonNull(rowType, "rowType is null");
    this.window = requireNonNull(window, "window is null");
    this.calls = List.copyOf(calls);
    this.mode = requireNonNull(mode, "mode is null");
  }

  public WindowInfo window() {
    return window;
  }

  public List<AggregateCallSpec> calls() {
    return calls;
  }

  public OutputMode mode() {
    return mode;
  }

  /**
   * Whether the aggregate keeps its state as slices of the window slide (TUMBLE or HOP windows it
   * assigns itself, emitted once per closed window, every call built in): a row then updates one
   * slice, and a window combines its slices when it fires. Otherwise it keeps one group per window
   * and key.
   */
  public boolean sliced() {
    WindowSpec.Kind kind = window.spec().kind();
    return (kind == WindowSpec.Kind.TUMBLE || kind == WindowSpec.Kind.HOP)
        && window.assignsWindows()
        && (mode == OutputMode.APPEND || mode == OutputMode.FINAL)
        && calls.stream().noneMatch(call -> call.function() == AggregateCallSpec.Function.USER);
  }

  /**
   * Whether it runs in two phases (Flink's local-global aggregation): sliced, with no keys but the
   * window, so its input goes whole to one subtask; each subtask then folds its rows into partial
   * slices before the exchange, and only those cross it. The state is the one-phase aggregate's.
   */
  public boolean twoPhase() {
    return sliced()
        && getInput() instanceof StreamExchange exchange
        && exchange.getDistribution().getType() == RelDistribution.Type.SINGLETON;
  }

  /** Input columns of the group keys, in output order. */
  public int[] keyColumns() {
    return getGroupSet().toArray();
  }

  @Override
  public Aggregate copy(
      RelTraitSet traitSet,
      RelNode input,
      ImmutableBitSet groupSet,
      List<ImmutableBitSet> groupSets,
      List<AggregateCall> aggCalls) {
    return new StreamWindowAggregate(
        getCluster(), traitSet, input, groupSet, aggCalls, window, calls, mode, rowType);
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return pw.input("input", getInput())
        .item("groupBy", getGroupSet().asList())
        .item("select", calls)
        .item(
            "window",
            window.spec()
                + (window.assignsWindows() ? " ON $" + window.timeColumn() : " FROM INPUT")
                + (window.procTime() ? " (processing time)" : ""))
        .item("mode", mode.word())
        .itemIf("slices", window.spec().sliceMillis() + "ms", sliced());
  }

  @Override
  public StateInfo state() {
    if (sliced()) {
      return new StateInfo(
          "one row per open slice and key",
          mode == OutputMode.FINAL
              ? "until end of input"
              : window.procTime()
                  ? "dropped once the wall clock passes the window end of the last window covering it"
                  : "dropped once the watermark passes the window end of the last window covering it");
    }
    if (mode == OutputMode.FINAL) {
      return new StateInfo("one row per window and key", "until end of input");
    }
    if (window.spec().kind() == WindowSpec.Kind.SESSION) {
      return new StateInfo(
          "open sessions per key", "dropped once the watermark passes a session's end");
    }
    return new StateInfo(
        "one row per open window and key",
        window.procTime()
            ? "dropped once the wall clock passes the window end"
            : "dropped once the watermark passes the window end");
  }

  @Override
  public boolean requiresInsertOnlyInput() {
    return true;
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }

  /**
   * Hashed by the group keys other than the window's: rows of one key meet in every window they
   * fall into. Windows assigned upstream (a window table function) may hash their start too.
   */
  @Override
  public RelDistribution requiredDistribution(int input) {
    int[] keys = keyColumns();
    java.util.List<Integer> hashed = new java.util.ArrayList<>();
    for (int position = 0; position < keys.length; position++) {
      boolean windowKey =
          window.assignsWindows() && (position == window.startKey() || position == window.endKey());
      if (!windowKey) {
        hashed.add(keys[position]);
      }
    }
    return Distributions.byKeys(hashed);
  }
}
