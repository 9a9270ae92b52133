package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.Durations;
import io.sluice.plan.PlannedQuery;
import io.sluice.plan.QueryPlanner;
import io.sluice.plan.spec.OutputMode;
import io.sluice.server.config.Parallelism;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.result.StatementResult;
import io.sluice.server.result.StaticRows;
import io.sluice.server.session.SessionProperty;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlExplain;

/**
 * {@code EXPLAIN [PLAN FOR] query}: the physical plan the query would run, one node per row,
 * planned with the session's output mode.
 */
public final class ExplainTask implements StatementTask<SqlExplain> {
  private final Catalog catalog;
  private final SluiceConfig config;

  public ExplainTask(Catalog catalog, SluiceConfig config) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.config = requireNonNull(config, "config is null");
  }

  @Override
  public Class<SqlExplain> statementType() {
    return SqlExplain.class;
  }

  @Override
  public StatementResult execute(SqlExplain explain, StatementContext context) {
    PlannedQuery plan =
        new QueryPlanner(catalog)
            .plan(
                explain.getExplicandum(),
                context.sql(),
                OutputMode.parse(context.session().get(SessionProperty.OUTPUT_MODE, "auto")),
                Durations.parse(context.session().get(SessionProperty.STATE_TTL, "0")).toMillis());
    List<Object[]> rows = new ArrayList<>();
    // the plan is the same at any parallelism; its exchanges spread rows over the subtasks
    rows.add(new Object[] {"Parallelism: " + Parallelism.of(context.session(), config)});
    for (String line : plan.explain()) {
      rows.add(new Object[] {line});
    }
    return new StatementResult.Rows(
        List.of(Column.of("plan", ColumnType.VARCHAR)), new StaticRows(rows));
  }
}
