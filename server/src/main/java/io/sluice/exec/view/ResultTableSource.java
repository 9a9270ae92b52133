package io.sluice.exec.view;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.StreamSource;
import java.util.List;

/**
 * A materialized view as a source. A plain SELECT gets the table as of the latest committed batch;
 * SELECT STREAM gets that snapshot first (inserts), then the rows each later batch changed, with
 * their kinds (+I, -U, +U, -D) when the view's query updates its rows.
 */
public final class ResultTableSource implements StreamSource {
  private final ResultTable table;
  private final boolean follow;

  /**
   * @param follow keep reading changes (SELECT STREAM) rather than one snapshot (SELECT)
   */
  public ResultTableSource(ResultTable table, boolean follow) {
    this.table = requireNonNull(table, "table is null");
    this.follow = follow;
  }

  /** Offset: the table version read up to; {@code -2} before anything was read. */
  private record Version(long value) implements SourceOffset {
    @Override
    public String toJson() {
      return Long.toString(value);
    }
  }

  @Override
  public SourceOffset initialOffset() {
    return new Version(-2);
  }

  @Override
  public SourceOffset latestOffset(SourceOffset start) {
    long current = table.version();
    long from = ((Version) start).value();
    if (from == -2) {
      return new Version(Math.max(current, -1));
    }
    return follow ? new Version(current) : start;
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end) {
    long from = ((Version) start).value();
    if (from == ((Version) end).value()) {
      return table.toBatch(List.of());
    }
    Batch changes = from < 0 ? null : table.changesAfter(from);
    return changes == null ? table.toBatch(table.snapshot()) : changes;
  }

  @Override
  public SourceOffset parseOffset(String json) {
    return new Version(Long.parseLong(json.trim()));
  }

  @Override
  public boolean restartsFromScratch() {
    return true;
  }
}
