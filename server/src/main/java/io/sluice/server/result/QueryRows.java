package io.sluice.server.result;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.driver.QueryOutput;
import io.sluice.exec.driver.RunningQuery;

/** The rows of a running query; closing it stops the query. */
public final class QueryRows implements RowSource {
  private final RunningQuery query;
  private final QueryManager manager;

  public QueryRows(RunningQuery query, QueryManager manager) {
    this.query = requireNonNull(query, "query is null");
    this.manager = requireNonNull(manager, "manager is null");
  }

  public RunningQuery query() {
    return query;
  }

  @Override
  public QueryOutput.Chunk poll(int maxRows, long waitMillis) throws InterruptedException {
    query.touch();
    QueryOutput.Chunk chunk = query.output().poll(maxRows, waitMillis);
    query.touch();
    return chunk;
  }

  @Override
  public void close() {
    manager.stop(query.id());
  }
}
