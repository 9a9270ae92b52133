package io.sluice.server.result;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.Column;
import java.util.List;

/** What executing one statement gives the client: an update count or rows. */
public sealed interface StatementResult {
  /** DDL and SET: nothing to read but a count (0 for DDL). */
  record Update(long count) implements StatementResult {}

  /** A result set: its columns and where its rows come from. */
  record Rows(List<Column> columns, RowSource rows) implements StatementResult {
    public Rows {
      columns = List.copyOf(columns);
      requireNonNull(rows, "rows is null");
    }
  }
}
