package io.sluice.server.result;

import io.sluice.exec.driver.QueryOutput;
import java.util.ArrayList;
import java.util.List;

/** A result known in full up front (SHOW, DESCRIBE, EXPLAIN). */
public final class StaticRows implements RowSource {
  private final List<Object[]> rows;
  private int position;

  public StaticRows(List<Object[]> rows) {
    this.rows = List.copyOf(rows);
  }

  @Override
  public synchronized QueryOutput.Chunk poll(int maxRows, long waitMillis) {
    int end = Math.min(rows.size(), position + maxRows);
    List<Object[]> chunk = new ArrayList<>(rows.subList(position, end));
    position = end;
    return new QueryOutput.Chunk(chunk, position == rows.size());
  }

  @Override
  public void close() {}
}
