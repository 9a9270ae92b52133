package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.SinkDefinition;
import io.sluice.error.SluiceErrors;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlCreateSink;

/**
 * {@code CREATE SINK name WITH (…) AS query [EMIT …]}: starts a persistent query writing to the
 * sink, exactly once, and keeps it in the catalog so it resumes after a restart.
 */
public final class CreateSinkTask implements StatementTask<SqlCreateSink> {
  private final Catalog catalog;
  private final SluiceConfig config;
  private final PersistentQueries persistent;

  public CreateSinkTask(Catalog catalog, SluiceConfig config, PersistentQueries persistent) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.config = requireNonNull(config, "config is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public Class<SqlCreateSink> statementType() {
    return SqlCreateSink.class;
  }

  @Override
  public StatementResult execute(SqlCreateSink create, StatementContext context) {
    String name = create.name().toString();
    if (catalog.findSink(name).isPresent()) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Sink", name);
    }
    PersistentSettings settings = PersistentSettings.of(create, context, config);
    SinkDefinition sink =
        new SinkDefinition(
            name,
            Statements.queryText(context.sql(), create.query()),
            settings.withParallelism(settings.withStateTtl(create.options())),
            settings.outputMode(),
            settings.trigger(),
            context.sql().strip(),
            context.session().principal().name());
    persistent.startSink(sink);
    catalog.addSink(sink);
    return new StatementResult.Update(0);
  }
}
