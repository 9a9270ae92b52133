package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.driver.QueryState;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.persistent.FailedStart;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.session.Principal;
import io.sluice.server.session.QueryVisibility;
import io.sluice.spi.connector.SecretOptions;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sys.queries}: the queries running or recently ended, persistent ones RETRYING after a
 * passing failure (with the cause and their next attempt), and those that could not start (FAILED,
 * with the cause). A reader sees the text and error of its own queries only ({@link
 * QueryVisibility}); of others, null.
 */
public final class QueriesTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "queries",
          List.of(
              Column.of("query_id", ColumnType.VARCHAR),
              Column.of("sql_text", ColumnType.VARCHAR),
              Column.of("state", ColumnType.VARCHAR),
              Column.of("push", ColumnType.BOOLEAN),
              Column.of("trigger", ColumnType.VARCHAR),
              Column.of("started", ColumnType.TIMESTAMP),
              Column.of("last_batch_id", ColumnType.BIGINT),
              Column.of("error", ColumnType.VARCHAR),
              // for sinks and materialized views: who created them (null if made before users
              // were recorded)
              Column.of("started_by", ColumnType.VARCHAR),
              // RETRYING only: which retry comes next and when; the cause is in error
              Column.of("retry_attempt", ColumnType.INTEGER),
              Column.of("next_attempt", ColumnType.TIMESTAMP),
              // the subtasks it runs on (ALTER SINK … SET ('parallelism' = …) changes it)
              Column.of("parallelism", ColumnType.INTEGER)));

  private final QueryManager queries;
  private final PersistentQueries persistent;

  public QueriesTable(QueryManager queries, PersistentQueries persistent) {
    this.queries = requireNonNull(queries, "queries is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    return rows(Principal.ANONYMOUS);
  }

  @Override
  public List<Object[]> rows(Principal viewer) {
    List<Object[]> rows = new ArrayList<>();
    for (RunningQuery query : queries.list()) {
      List<BatchProgress> progress = query.recentProgress();
      boolean shown = QueryVisibility.showsText(viewer, query.startedBy());
      rows.add(
          new Object[] {
            query.id(),
            shown ? SecretOptions.maskSql(query.sql()) : null,
            query.state().name(),
            query.isPush(),
            query.trigger().toString(),
            query.startedAtMillis(),
            progress.isEmpty() ? null : progress.get(progress.size() - 1).batchId(),
            shown ? SecretOptions.maskSql(query.error()) : null,
            query.startedBy(),
            query.state() == QueryState.RETRYING ? query.retryAttempt() : null,
            query.state() == QueryState.RETRYING ? query.nextAttemptAtMillis() : null,
            query.parallelism() == 0 ? null : query.parallelism()
          });
    }
    for (FailedStart failed : persistent.failures()) {
      if (queries.find(failed.name()).isEmpty()) {
        boolean shown = QueryVisibility.showsText(viewer, failed.createdBy());
        rows.add(
            new Object[] {
              failed.name(),
              shown ? SecretOptions.maskSql(failed.sql()) : null,
              QueryState.FAILED.name(),
              true,
              null,
              failed.failedAtMillis(),
              null,
              shown ? SecretOptions.maskSql(failed.cause()) : null,
              failed.createdBy(),
              null,
              null,
              null
            });
      }
    }
    return rows;
  }
}
