package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.exec.driver.QueryManager;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlQueryControl;

/**
 * {@code STOP QUERY id} cancels a running query; {@code RESTART QUERY name} starts a stopped or
 * failed persistent query (sink or materialized view) again from its checkpoint.
 */
public final class QueryControlTask implements StatementTask<SqlQueryControl> {
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
        if (queries.find(id).isEmpty()) {
          throw SluiceErrors.relationNotFound(control.getParserPosition(), "Query", id);
        }
        queries.stop(id);
      }
      case RESTART -> persistent.restart(id);
    }
    return new StatementResult.Update(0);
  }
}
