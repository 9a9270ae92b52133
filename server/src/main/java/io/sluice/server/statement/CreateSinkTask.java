package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.SinkDefinition;
import io.sluice.error.SluiceErrors;
import io.sluice.server.config.Parallelism;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.SessionProperty;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.sql.SqlCreateSink;
import io.sluice.sql.SqlEmit;
import java.util.Locale;
import java.util.Map;

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
    Map<String, String> options = new java.util.HashMap<>(create.options());
    // the session's parallelism goes with the sink, so a restart runs it as it was created
    String parallelism =
        options.getOrDefault(
            "parallelism", String.valueOf(Parallelism.of(context.session(), config)));
    try {
      Parallelism.parse(parallelism);
    } catch (IllegalArgumentException e) {
      throw new SluiceException(
          ErrorCode.INVALID_OPTION,
          "Option 'parallelism' of sink " + name + " must be " + e.getMessage());
    }
    options.put("parallelism", parallelism);
    SqlEmit emit = create.emit();
    String mode =
        emit != null && emit.outputMode() != null
            ? emit.outputMode().name().toLowerCase(Locale.ROOT)
            : options.getOrDefault(
                "output.mode", context.session().get(SessionProperty.OUTPUT_MODE, "auto"));
    String trigger =
        emit != null && emit.trigger() != null
            ? Statements.triggerText(emit.trigger())
            : options.getOrDefault(
                "trigger", context.session().get(SessionProperty.TRIGGER, config.defaultTrigger()));
    SinkDefinition sink =
        new SinkDefinition(
            name,
            Statements.queryText(context.sql(), create.query()),
            options,
            mode,
            trigger,
            context.sql().strip(),
            context.session().principal().name());
    persistent.startSink(sink);
    catalog.addSink(sink);
    return new StatementResult.Update(0);
  }
}
