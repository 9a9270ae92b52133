package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.OutputMode;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import org.apache.calcite.plan.Context;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.RelNode;

/**
 * What a query's planning depends on beyond its SQL: whether it is a push query and which output
 * mode the session asked for. The planners carry it, so rules and metadata handlers read it.
 *
 * @param push a push query ({@code SELECT STREAM}, a sink's or view's query): runs until stopped
 * @param requestedMode the session's output mode; snapshot queries use {@link OutputMode#FINAL}
 * @param stateTtlMillis keys of deduplications and top-Ns idle this long are forgotten (session
 *     option {@code state.ttl}); 0 keeps them for ever
 */
public record PlannerContext(boolean push, OutputMode requestedMode, long stateTtlMillis)
    implements Context {
  public PlannerContext {
    requireNonNull(requestedMode, "requestedMode is null");
    if (!push) {
      requestedMode = OutputMode.FINAL;
      stateTtlMillis = 0;
    }
    if (stateTtlMillis < 0) {
      throw new IllegalArgumentException("stateTtlMillis is negative: " + stateTtlMillis);
    }
  }

  public PlannerContext(boolean push, OutputMode requestedMode) {
    this(push, requestedMode, 0);
  }

  /** The context of the planner {@code rel} was made in. */
  public static PlannerContext of(RelNode rel) {
    return of(rel.getCluster().getPlanner());
  }

  public static PlannerContext of(RelOptPlanner planner) {
    PlannerContext context = planner.getContext().unwrap(PlannerContext.class);
    if (context == null) {
      throw new IllegalStateException("A planner without Sluice's planner context");
    }
    return context;
  }

  /**
   * What an aggregate emits, windowed or not: the requested mode, with {@code auto} resolved to
   * append for a windowed aggregate (rows are final once the window closes) and update otherwise.
   */
  public OutputMode aggregateMode(boolean windowed) {
    switch (requestedMode) {
      case AUTO:
        return windowed ? OutputMode.APPEND : OutputMode.UPDATE;
      case APPEND:
        if (!windowed) {
          throw new SluiceException(
              ErrorCode.VALIDATION_ERROR,
              "Output mode append cannot be used for an aggregation without an event-time window: "
                  + "its rows change as data arrives and are never final. Use update or complete, "
                  + "or GROUP BY a window (TUMBLE, HOP)");
        }
        return OutputMode.APPEND;
      default:
        return requestedMode;
    }
  }

  @Override
  public <C> C unwrap(Class<C> type) {
    return type.isInstance(this) ? type.cast(this) : null;
  }
}
