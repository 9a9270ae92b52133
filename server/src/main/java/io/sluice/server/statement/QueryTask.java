package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.Durations;
import io.sluice.exec.driver.ChangelogColumns;
import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.exec.driver.Trigger;
import io.sluice.plan.PlannedQuery;
import io.sluice.plan.QueryPlanner;
import io.sluice.plan.spec.OutputMode;
import io.sluice.server.config.Parallelism;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.result.QueryRows;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.SessionProperty;
import org.apache.calcite.sql.SqlNode;

/**
 * A query ({@code SELECT}, {@code SELECT STREAM}, {@code VALUES}, set operations, {@code WITH}):
 * planned and started for the client, whose result set reads its rows as they come. A snapshot
 * reads what is there and ends; a push query runs until the client closes it.
 */
public final class QueryTask implements StatementTask<SqlNode> {
  private final Catalog catalog;
  private final SluiceConfig config;
  private final QueryManager queries;

  public QueryTask(Catalog catalog, SluiceConfig config, QueryManager queries) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.config = requireNonNull(config, "config is null");
    this.queries = requireNonNull(queries, "queries is null");
  }

  @Override
  public Class<SqlNode> statementType() {
    return SqlNode.class;
  }

  @Override
  public StatementResult execute(SqlNode node, StatementContext context) {
    QueryPlanner planner = new QueryPlanner(catalog);
    PlannedQuery plan =
        planner.plan(
            node,
            context.sql().strip(),
            OutputMode.parse(context.session().get(SessionProperty.OUTPUT_MODE, "auto")),
            Durations.parse(context.session().get(SessionProperty.STATE_TTL, "0")).toMillis());
    plan = plan.withParallelism(Parallelism.of(context.session(), config));
    Trigger trigger =
        plan.push()
            ? Trigger.parse(context.session().get(SessionProperty.TRIGGER, config.defaultTrigger()))
            : Trigger.AVAILABLE_NOW;
    ChangelogColumns changelog =
        Boolean.parseBoolean(context.session().get(SessionProperty.CHANGELOG_COLUMNS, "false"))
            ? ChangelogColumns.ENABLED
            : ChangelogColumns.NONE;
    RunningQuery query =
        queries.start(
            plan, trigger, changelog, planner.typeFactory(), context.session().principal().name());
    return new StatementResult.Rows(query.columns(), new QueryRows(query, queries));
  }
}
