package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/** {@code sys.query_progress}: the recent batches of every query the server knows. */
public final class QueryProgressTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "query_progress",
          List.of(
              Column.of("query_id", ColumnType.VARCHAR),
              Column.of("batch_id", ColumnType.BIGINT),
              Column.of("started", ColumnType.TIMESTAMP),
              Column.of("duration_ms", ColumnType.BIGINT),
              Column.of("input_rows", ColumnType.BIGINT),
              Column.of("output_rows", ColumnType.BIGINT),
              Column.of("input_rows_per_second", ColumnType.DOUBLE),
              Column.of("processed_rows_per_second", ColumnType.DOUBLE),
              Column.of("bad_records", ColumnType.BIGINT),
              Column.of("watermark", ColumnType.TIMESTAMP),
              Column.of("state_rows", ColumnType.BIGINT),
              Column.of("state_bytes", ColumnType.BIGINT),
              Column.of("late_rows", ColumnType.BIGINT),
              Column.of("model_versions", ColumnType.VARCHAR)));

  private final QueryManager queries;

  public QueryProgressTable(QueryManager queries) {
    this.queries = requireNonNull(queries, "queries is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (RunningQuery query : queries.list()) {
      for (BatchProgress batch : query.recentProgress()) {
        rows.add(
            new Object[] {
              batch.queryId(),
              batch.batchId(),
              batch.startedAtMillis(),
              batch.durationMillis(),
              batch.inputRows(),
              batch.outputRows(),
              batch.inputRowsPerSecond(),
              batch.processedRowsPerSecond(),
              batch.badRecordsTotal(),
              batch.watermark(),
              batch.stateRows(),
              batch.stateBytes(),
              batch.lateRowsTotal(),
              batch.modelVersions()
            });
      }
    }
    return rows;
  }
}
