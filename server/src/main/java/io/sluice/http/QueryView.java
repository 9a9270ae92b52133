package io.sluice.http;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.QueryState;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.session.Principal;
import io.sluice.server.session.QueryVisibility;
import io.sluice.spi.connector.SecretOptions;
import java.util.List;

/**
 * One query and its recent batches (oldest first) as {@code /api/queries} shows it.
 *
 * @param lastBatchId the id of the query's latest batch, or null before its first batch ended
 * @param lastBatchAtMillis when that batch started, or null
 * @param sql the query's text, secrets masked; empty where the viewer may not see it
 * @param startedBy the user who started the query (who created a sink or view), or null
 * @param badRecordsTotal malformed records the query's sources skipped so far
 * @param lateRowsTotal rows the query dropped or diverted as late so far
 * @param retryAttempt for a RETRYING query the retry it waits for (1 for the first), else null
 * @param nextAttemptAtMillis for a RETRYING query when it tries to resume, else null
 */
public record QueryView(
    String id,
    String sql,
    String state,
    boolean push,
    String trigger,
    long startedAtMillis,
    String startedBy,
    Long lastBatchId,
    Long lastBatchAtMillis,
    String error,
    long totalInputRows,
    long badRecordsTotal,
    long lateRowsTotal,
    Integer retryAttempt,
    Long nextAttemptAtMillis,
    List<BatchView> progress) {

  public QueryView {
    requireNonNull(id, "id is null");
    requireNonNull(sql, "sql is null");
    requireNonNull(state, "state is null");
    requireNonNull(trigger, "trigger is null");
    progress = List.copyOf(progress);
  }

  /**
   * The query as {@code viewer} may see it: another user's query shows a reader no SQL text (an
   * empty one) and no error ({@link QueryVisibility}).
   */
  public static QueryView of(RunningQuery query, Principal viewer) {
    List<BatchProgress> batches = query.recentProgress();
    BatchProgress last = batches.isEmpty() ? null : batches.get(batches.size() - 1);
    boolean retrying = query.state() == QueryState.RETRYING;
    boolean shown = QueryVisibility.showsText(viewer, query.startedBy());
    return new QueryView(
        query.id(),
        shown ? SecretOptions.maskSql(query.sql()) : "",
        query.state().name(),
        query.isPush(),
        query.trigger().toString(),
        query.startedAtMillis(),
        query.startedBy(),
        last == null ? null : last.batchId(),
        last == null ? null : last.startedAtMillis(),
        shown ? SecretOptions.maskSql(query.error()) : null,
        query.totalInputRows(),
        last == null ? 0 : last.badRecordsTotal(),
        last == null ? 0 : last.lateRowsTotal(),
        retrying ? query.retryAttempt() : null,
        retrying ? query.nextAttemptAtMillis() : null,
        batches.stream().map(BatchView::of).toList());
  }
}
