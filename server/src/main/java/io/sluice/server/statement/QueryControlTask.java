package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlQueryControl;

/**
 * {@code STOP QUERY id} cancels a running query and returns once it has ended (so {@code
 * sys.queries} no longer lists it as running and its client's result has ended); {@code RESTART
 * QUERY name} starts a stopped or failed persistent query (sink or materialized view) again from
 * its checkpoint.
 */
public final class QueryControlTask implements StatementTask<SqlQueryControl> {
  /**
   * How long STOP QUERY waits for a query's running batch to end; past it the query stays cancelled
   * and ends after that batch.
   */
  private static final long STOP_WAIT_MILLIS = 10_000;

  private final QueryManager queries;
  private final PersistentQueries persistent;

  public QueryControlTask(QueryManager queries, PersistentQueries persistent) {
    this.queries = requireNonNull(queries, "queries is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public Class<SqlQueryControl> statementType() {
    return SqlQueryControl.class;
  }

  @Override
  public StatementResult execute(SqlQueryControl control, StatementContext context) {
    String id = control.queryId();
    switch (control.action()) {
      case STOP -> {
        // the query cancelled is the one awaited, even if a restart replaced it meanwhile
        RunningQuery query =
            queries
                .stop(id)
                .orElseThrow(
                    () -> SluiceErrors.relationNotFound(control.getParserPosition(), "Query", id));
        awaitEnd(query);
      }
      case RESTART -> persistent.restart(id);
    }
    return new StatementResult.Update(0);
  }

  private static void awaitEnd(RunningQuery query) {
    try {
      query.awaitEnd(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
