package io.sluice.jdbc;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.result.QueryRows;
import io.sluice.server.result.RowSource;
import io.sluice.spi.type.Column;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.Meta;

/**
 * One statement of a client connection: its prepared SQL and parameter types, the result it is
 * delivering, and the warnings (bad records, late rows) its query raised that the client has not
 * been sent yet.
 */
final class ClientStatement {
  final Meta.StatementHandle handle;
  volatile String sql;
  volatile List<Column> parameters = List.of();
  volatile RowSource rows;
  volatile List<Column> columns;
  volatile long maxRows;
  volatile long delivered;
  private long badRecordsSeen;
  private long lateRowsSeen;
  private final List<String> warnings = new ArrayList<>();

  ClientStatement(Meta.StatementHandle handle) {
    this.handle = requireNonNull(handle, "handle is null");
  }

  /** Starts delivering {@code source}, closing the previous result. */
  synchronized void deliver(RowSource source, List<Column> resultColumns) {
    closeResult();
    rows = source;
    columns = resultColumns;
    delivered = 0;
    badRecordsSeen = 0;
    lateRowsSeen = 0;
  }

  void closeResult() {
    RowSource current = rows;
    rows = null;
    if (current != null) {
      current.close();
    }
  }

  /**
   * Notes what the query behind {@code source} skipped or dropped since the last look, as warnings
   * for the client; the counts come from the query's latest batch.
   */
  synchronized void noteProgress(RowSource source) {
    if (!(source instanceof QueryRows)) {
      return;
    }
    RunningQuery query = ((QueryRows) source).query();
    List<BatchProgress> progress = query.recentProgress();
    if (progress.isEmpty()) {
      return;
    }
    BatchProgress last = progress.get(progress.size() - 1);
    if (last.badRecordsTotal() > badRecordsSeen) {
      long count = last.badRecordsTotal() - badRecordsSeen;
      warnings.add(
          "Query "
              + query.id()
              + " skipped "
              + count
              + (count == 1 ? " bad record" : " bad records")
              + " (up to batch "
              + last.batchId()
              + ", "
              + last.badRecordsTotal()
              + " in all): the server log names each file and line, "
              + "sys.dead_letters holds them for streams with 'on-error' = 'dead-letter'");
      badRecordsSeen = last.badRecordsTotal();
    }
    if (last.lateRowsTotal() > lateRowsSeen) {
      long count = last.lateRowsTotal() - lateRowsSeen;
      warnings.add(
          "Query "
              + query.id()
              + " dropped "
              + count
              + (count == 1 ? " late row" : " late rows")
              + " (up to batch "
              + last.batchId()
              + ", "
              + last.lateRowsTotal()
              + " in all): their event time was behind the watermark");
      lateRowsSeen = last.lateRowsTotal();
    }
  }

  /** The warnings not yet sent, which are then forgotten. */
  synchronized List<String> drainWarnings() {
    if (warnings.isEmpty()) {
      return List.of();
    }
    List<String> drained = List.copyOf(warnings);
    warnings.clear();
    return drained;
  }
}
