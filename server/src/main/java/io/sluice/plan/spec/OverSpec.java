package io.sluice.plan.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An OVER window of aggregates: {@code OVER (PARTITION BY … ORDER BY time ROWS|RANGE BETWEEN …
 * PRECEDING AND CURRENT ROW)}.
 *
 * @param partitionKeys input columns of the PARTITION BY
 * @param orderColumn the input column rows are ordered by (ascending)
 * @param rows a ROWS frame (counting rows) rather than RANGE (a span of the order column, whose
 *     peers, rows of equal order value, share one result)
 * @param preceding how far the frame reaches back: rows for ROWS, milliseconds for RANGE; -1 when
 *     UNBOUNDED PRECEDING
 * @param calls the aggregates over the frame, each adding one column after the input's
 * @param eventTime the order column is the event-time attribute: rows come out as the watermark
 *     passes them, and rows older than the watermark are dropped as late
 * @param procTime the order column is processing time ({@code PROCTIME()}): rows come out in the
 *     batch that reads them, in arrival order
 */
public record OverSpec(
    List<Integer> partitionKeys,
    int orderColumn,
    boolean rows,
    long preceding,
    List<AggregateCallSpec> calls,
    boolean eventTime,
    boolean procTime) {
  public OverSpec {
    partitionKeys = List.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
    calls = List.copyOf(requireNonNull(calls, "calls is null"));
  }

  public boolean unbounded() {
    return preceding < 0;
  }

  /** The frame as SQL spells it. */
  public String frame() {
    String from;
    if (unbounded()) {
      from = "UNBOUNDED";
    } else if (rows) {
      from = Long.toString(preceding);
    } else {
      from = preceding + "ms";
    }
    return (rows ? "ROWS" : "RANGE") + " BETWEEN " + from + " PRECEDING AND CURRENT ROW";
  }
}
