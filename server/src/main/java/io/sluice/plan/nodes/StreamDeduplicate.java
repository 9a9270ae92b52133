package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.logical.TimeAttributes;
import io.sluice.plan.spec.OutputMode;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;

/**
 * Deduplication, as Flink's: {@code ROW_NUMBER() OVER (PARTITION BY k ORDER BY time) = 1} keeps the
 * first row of each key, {@code ORDER BY time DESC} the last. Keeping the first row over event time
 * emits it once the watermark passes its time (no earlier row can come then), so its output is
 * append-only; keeping the last emits each key's newest row as it changes (+I, then +U).
 */
public final class StreamDeduplicate extends SingleRel implements UpdatingRel {
  private final List<Integer> keys;
  private final int timeColumn;
  private final TimeAttributes.Kind time;
  private final boolean keepLast;
  private final OutputMode mode;
  private final boolean updateBefore;
  private final long stateTtlMillis;

  public StreamDeduplicate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      List<Integer> keys,
      int timeColumn,
      TimeAttributes.Kind time,
      boolean keepLast,
      OutputMode mode,
      boolean updateBefore,
      long stateTtlMillis) {
    super(cluster, traits, input);
    this.keys = List.copyOf(keys);
    this.timeColumn = timeColumn;
    this.time = requireNonNull(time, "time is null");
    this.keepLast = keepLast;
    this.mode = requireNonNull(mode, "mode is null");
    this.updateBefore = updateBefore;
    this.stateTtlMillis = stateTtlMillis;
  }

  /** Input columns a row is a duplicate by. */
  public List<Integer> keys() {
    return keys;
  }

  public int timeColumn() {
    return timeColumn;
  }

  /** Event or processing time. */
  public TimeAttributes.Kind time() {
    return time;
  }

  public boolean keepLast() {
    return keepLast;
  }

  public OutputMode mode() {
    return mode;
  }

  public long stateTtlMillis() {
    return stateTtlMillis;
  }

  /** Whether rows of a key never change once emitted. */
  public boolean insertOnly() {
    return !keepLast || mode == OutputMode.FINAL;
  }

  @Override
  public boolean updateBefore() {
    return updateBefore;
  }

  @Override
  public StreamDeduplicate withUpdateBefore(boolean updateBefore) {
    return new StreamDeduplicate(
        getCluster(),
        traitSet,
        getInput(),
        keys,
        timeColumn,
        time,
        keepLast,
        mode,
        updateBefore,
        stateTtlMillis);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamDeduplicate(
        getCluster(),
        traitSet,
        sole(inputs),
        keys,
        timeColumn,
        time,
        keepLast,
        mode,
        updateBefore,
        stateTtlMillis);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("keys", keys)
        .item("keep", (keepLast ? "last" : "first") + " by $" + timeColumn)
        .item("time", time == TimeAttributes.Kind.EVENT_TIME ? "event" : "processing")
        .itemIf("ttl", StateTtl.text(stateTtlMillis), stateTtlMillis > 0);
  }

  @Override
  public StateInfo state() {
    String kind =
        keepLast
            ? "the last row per key"
            : time == TimeAttributes.Kind.EVENT_TIME
                ? "each key seen, and its first row until the watermark passes it"
                : "each key seen";
    if (mode == OutputMode.FINAL) {
      return new StateInfo(kind, "until end of input");
    }
    return stateTtlMillis > 0
        ? new StateInfo(kind, "keys idle for " + StateTtl.text(stateTtlMillis) + " expire")
        : new StateInfo(kind, "unbounded: grows with the number of keys (bound it with state.ttl)");
  }

  @Override
  public boolean requiresInsertOnlyInput() {
    return true;
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }

  @Override
  public RelDistribution requiredDistribution(int input) {
    return Distributions.byKeys(keys());
  }
}
