package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannedQuery;
import io.sluice.plan.QueryPlanner;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.spec.OutputMode;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlCreateMaterializedView;
import java.util.List;
import java.util.Map;

/**
 * {@code CREATE MATERIALIZED VIEW}: plans the query, starts it into a result table kept in the
 * server, and keeps the view in the catalog so it comes back after a restart.
 */
public final class CreateMaterializedViewTask implements StatementTask<SqlCreateMaterializedView> {
  private final Catalog catalog;
  private final SluiceConfig config;
  private final PersistentQueries persistent;

  public CreateMaterializedViewTask(
      Catalog catalog, SluiceConfig config, PersistentQueries persistent) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.config = requireNonNull(config, "config is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public Class<SqlCreateMaterializedView> statementType() {
    return SqlCreateMaterializedView.class;
  }

  @Override
  public StatementResult execute(SqlCreateMaterializedView create, StatementContext context) {
    String name = create.name().toString();
    if (catalog.find(name).isPresent()) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Relation", name);
    }
    PersistentSettings settings = PersistentSettings.of(create, context, config);
    String mode = settings.outputMode();
    String trigger = settings.trigger();
    String query = Statements.queryText(context.sql(), create.query());
    PlannedQuery plan =
        new QueryPlanner(catalog)
            .planPersistent(
                Statements.parse(query), query, OutputMode.parse(mode), settings.stateTtlMillis());
    RelationDefinition view =
        new RelationDefinition(
            name,
            RelationKind.MATERIALIZED_VIEW,
            plan.columns(),
            List.of(),
            null,
            settings.withParallelism(
                settings.withStateTtl(
                    Map.of(
                        "connector",
                        "materialized-view",
                        "query",
                        query,
                        "output.mode",
                        mode,
                        "trigger",
                        trigger,
                        RelationDefinition.VIEW_UPDATING_OPTION,
                        Boolean.toString(
                            SluiceRelMetadataQuery.of(plan.root().getCluster().getMetadataQuery())
                                .changelogMode(plan.root())
                                .isUpdating())))),
            context.sql().strip(),
            context.session().principal().name());
    persistent.startView(view);
    catalog.add(view);
    return new StatementResult.Update(0);
  }
}
