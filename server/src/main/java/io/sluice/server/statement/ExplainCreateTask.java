package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannedQuery;
import io.sluice.plan.QueryPlanner;
import io.sluice.plan.spec.OutputMode;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.result.StatementResult;
import io.sluice.server.result.StaticRows;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.SqlCreateMaterializedView;
import io.sluice.sql.SqlCreateSink;
import io.sluice.sql.SqlExplainCreate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code EXPLAIN CREATE SINK …} / {@code EXPLAIN CREATE MATERIALIZED VIEW …}: the physical plan the
 * persistent query would run, planned as creating it would (its output mode and {@code state.ttl}
 * from the statement or the session), one node per row. Nothing is created.
 */
public final class ExplainCreateTask implements StatementTask<SqlExplainCreate> {
  private final Catalog catalog;
  private final SluiceConfig config;

  public ExplainCreateTask(Catalog catalog, SluiceConfig config) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.config = requireNonNull(config, "config is null");
  }

  @Override
  public Class<SqlExplainCreate> statementType() {
    return SqlExplainCreate.class;
  }

  @Override
  public StatementResult execute(SqlExplainCreate explain, StatementContext context) {
    SqlCreate create = explain.create();
    PersistentSettings settings;
    SqlNode query;
    if (create instanceof SqlCreateSink sink) {
      settings = PersistentSettings.of(sink, context, config);
      query = sink.query();
    } else if (create instanceof SqlCreateMaterializedView view) {
      settings = PersistentSettings.of(view, context, config);
      query = view.query();
    } else {
      throw SluiceErrors.unsupportedStatement(
          create.getParserPosition(),
          "EXPLAIN of a CREATE other than CREATE SINK or CREATE MATERIALIZED VIEW");
    }
    String text = Statements.queryText(context.sql(), query);
    PlannedQuery plan =
        new QueryPlanner(catalog)
            .planPersistent(
                Statements.parse(text),
                text,
                OutputMode.parse(settings.outputMode()),
                settings.stateTtlMillis());
    List<Object[]> rows = new ArrayList<>();
    for (String line : plan.explain()) {
      rows.add(new Object[] {line});
    }
    return new StatementResult.Rows(
        List.of(Column.of("plan", ColumnType.VARCHAR)), new StaticRows(rows));
  }
}
