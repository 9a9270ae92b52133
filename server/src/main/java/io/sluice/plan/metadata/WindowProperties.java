package io.sluice.plan.metadata;

import java.util.Map;
import java.util.Optional;

/**
 * Which output columns of a relational expression are window bounds (window_start, window_end), as
 * Flink's window properties: what window aggregates, window joins and window re-aggregation are
 * recognised by.
 *
 * @param columns output column → the window bound it holds
 */
public record WindowProperties(Map<Integer, WindowColumn> columns) {
  /** No window columns. */
  public static final WindowProperties NONE = new WindowProperties(Map.of());

  public WindowProperties {
    columns = Map.copyOf(columns);
  }

  public Optional<WindowColumn> of(int column) {
    return Optional.ofNullable(columns.get(column));
  }
}
