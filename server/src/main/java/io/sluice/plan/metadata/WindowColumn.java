package io.sluice.plan.metadata;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.WindowSpec;

/**
 * An output column that is the start or end of event-time windows, and where the windows come from.
 */
public record WindowColumn(Role role, WindowSpec spec, Source source) {
  /** Which bound of the window the column holds. */
  public enum Role {
    START,
    END
  }

  /** What made the windows. */
  public enum Source {
    /** A window table function: every row carries its window. */
    TABLE_FUNCTION,
    /**
     * A windowed aggregate emitting final rows (append): each window's rows arrive once, when the
     * watermark closes it.
     */
    AGGREGATE
  }

  public WindowColumn {
    requireNonNull(role, "role is null");
    requireNonNull(spec, "spec is null");
    requireNonNull(source, "source is null");
  }
}
