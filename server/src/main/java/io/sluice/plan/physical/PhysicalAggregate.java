package io.sluice.plan.physical;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Incremental GROUP BY, with or without an event-time window. Its output is the group keys followed
 * by the aggregate results; what it emits each batch follows its {@link OutputMode}.
 */
public final class PhysicalAggregate extends PhysicalNode {
  private final int[] keyColumns;
  private final List<AggregateCallSpec> calls;
  private final WindowInfo window;
  private final OutputMode mode;

  /**
   * @param window null for an aggregate without a window
   */
  public PhysicalAggregate(
      RelDataType rowType,
      PhysicalNode input,
      int[] keyColumns,
      List<AggregateCallSpec> calls,
      WindowInfo window,
      OutputMode mode) {
    super(rowType, List.of(input));
    this.keyColumns = keyColumns.clone();
    this.calls = List.copyOf(calls);
    this.window = window;
    this.mode = requireNonNull(mode, "mode is null");
  }

  public PhysicalNode input() {
    return inputs().get(0);
  }

  public int[] keyColumns() {
    return keyColumns.clone();
  }

  public List<AggregateCallSpec> calls() {
    return calls;
  }

  /** Null for an aggregate without a window. */
  public WindowInfo window() {
    return window;
  }

  public OutputMode mode() {
    return mode;
  }

  @Override
  public ChangelogMode changelogMode() {
    switch (mode) {
      case UPDATE:
        return ChangelogMode.UPSERT;
      case COMPLETE:
        return ChangelogMode.COMPLETE;
      default:
        return ChangelogMode.INSERT_ONLY;
    }
  }

  @Override
  public String name() {
    return window == null ? "StreamGroupAggregate" : "StreamWindowAggregate";
  }

  @Override
  public String attributes() {
    StringBuilder builder =
        new StringBuilder("groupBy=")
            .append(Arrays.toString(keyColumns))
            .append(", select=")
            .append(calls);
    if (window != null) {
      builder
          .append(", window=[")
          .append(window.spec())
          .append(window.assignsWindows() ? " ON $" + window.timeColumn() : " FROM INPUT")
          .append(']');
    }
    builder
        .append(", mode=[")
        .append(mode.word())
        .append("], state=[")
        .append(window == null ? "one row per key" : "open windows x keys, evicted by watermark")
        .append(']');
    return builder.toString();
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
