package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.SinkDefinition;
import io.sluice.error.SluiceErrors;
import io.sluice.server.config.Parallelism;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.SessionProperty;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.sql.SqlInsert;

/**
 * {@code INSERT INTO stream query}: a persistent query writing into a declared files or Kafka
 * stream, kept as a sink named {@code <stream>_insert_<n>}.
 */
public final class InsertIntoTask implements StatementTask<SqlInsert> {
  private final Catalog catalog;
  private final SluiceConfig config;
  private final PersistentQueries persistent;

  public InsertIntoTask(Catalog catalog, SluiceConfig config, PersistentQueries persistent) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.config = requireNonNull(config, "config is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public Class<SqlInsert> statementType() {
    return SqlInsert.class;
  }

  @Override
  public StatementResult execute(SqlInsert insert, StatementContext context) {
    String target = insert.getTargetTable().toString();
    RelationDefinition stream =
        catalog
            .find(target)
            .orElseThrow(
                () ->
                    SluiceErrors.relationNotFound(
                        insert.getTargetTable().getParserPosition(), "Stream", target));
    if (stream.kind() != RelationKind.STREAM
        || !stream.connector().equals("files") && !stream.connector().equals("kafka")) {
      throw SluiceErrors.invalidDdl(
          insert.getTargetTable().getParserPosition(),
          "INSERT INTO needs a stream with connector 'files' or 'kafka' to write to; '"
              + stream.name()
              + "' is a "
              + stream.kind().word()
              + " with connector '"
              + stream.connector()
              + "'");
    }
    int number = 1;
    while (catalog.findSink(stream.name() + "_insert_" + number).isPresent()) {
      number++;
    }
    Map<String, String> options = new HashMap<>(stream.options());
    options.put(SinkDefinition.INSERT_INTO_OPTION, stream.name());
    options.put("parallelism", String.valueOf(Parallelism.of(context.session(), config)));
    SinkDefinition sink =
        new SinkDefinition(
            stream.name() + "_insert_" + number,
            Statements.queryText(context.sql(), insert.getSource()),
            options,
            context.session().get(SessionProperty.OUTPUT_MODE, "auto"),
            context.session().get(SessionProperty.TRIGGER, config.defaultTrigger()),
            context.sql().strip(),
            context.session().principal().name());
    persistent.startSink(sink);
    catalog.addSink(sink);
    return new StatementResult.Update(0);
  }
}
