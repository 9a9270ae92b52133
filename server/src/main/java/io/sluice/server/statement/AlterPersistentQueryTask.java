package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.SinkDefinition;
import io.sluice.error.SluiceErrors;
import io.sluice.server.config.Parallelism;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlAlterPersistentQuery;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ALTER SINK|MATERIALIZED VIEW name SET ('parallelism' = 'N')}: runs a persistent query on
 * another number of subtasks. A running query stops after its batch in flight and resumes from its
 * checkpoint at the new parallelism, its state handed to the subtasks by key group.
 */
public final class AlterPersistentQueryTask implements StatementTask<SqlAlterPersistentQuery> {
  private final Catalog catalog;
  private final PersistentQueries persistent;

  public AlterPersistentQueryTask(Catalog catalog, PersistentQueries persistent) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public Class<SqlAlterPersistentQuery> statementType() {
    return SqlAlterPersistentQuery.class;
  }

  @Override
  public StatementResult execute(SqlAlterPersistentQuery alter, StatementContext context) {
    String name = alter.name().toString();
    Map<String, String> changes = alter.options();
    for (Map.Entry<String, String> option : changes.entrySet()) {
      if (!option.getKey().equals(PersistentSettings.PARALLELISM_OPTION)) {
        throw SluiceErrors.notAlterable(
            alter.optionPosition(option.getKey()), alter.objectKind(), name, option.getKey());
      }
      try {
        Parallelism.parse(option.getValue());
      } catch (IllegalArgumentException e) {
        throw SluiceErrors.invalidOption(
            alter.optionPosition(option.getKey()),
            name,
            "'" + option.getKey() + "' must be " + e.getMessage());
      }
    }
    if (alter.materializedView()) {
      Optional<RelationDefinition> view =
          catalog.find(name).filter(r -> r.kind() == RelationKind.MATERIALIZED_VIEW);
      if (view.isEmpty()) {
        return missing(alter, name);
      }
      RelationDefinition v = view.get();
      RelationDefinition changed =
          new RelationDefinition(
              v.name(),
              v.kind(),
              v.columns(),
              v.primaryKey(),
              v.watermark(),
              withChanges(v.options(), changes),
              v.ddl(),
              v.computedColumns(),
              v.createdBy());
      persistent.alter(v.name(), () -> catalog.replace(changed));
    } else {
      Optional<SinkDefinition> sink = catalog.findSink(name);
      if (sink.isEmpty()) {
        return missing(alter, name);
      }
      SinkDefinition s = sink.get();
      SinkDefinition changed =
          new SinkDefinition(
              s.name(),
              s.query(),
              withChanges(s.options(), changes),
              s.outputMode(),
              s.trigger(),
              s.ddl(),
              s.createdBy());
      persistent.alter(s.name(), () -> catalog.replaceSink(changed));
    }
    return new StatementResult.Update(0);
  }

  private static StatementResult missing(SqlAlterPersistentQuery alter, String name) {
    if (alter.ifExists()) {
      return new StatementResult.Update(0);
    }
    throw SluiceErrors.relationNotFound(alter.getParserPosition(), alter.objectKind(), name);
  }

  private static Map<String, String> withChanges(
      Map<String, String> options, Map<String, String> changes) {
    Map<String, String> result = new HashMap<>(options);
    changes.forEach((key, value) -> result.put(key, String.valueOf(Parallelism.parse(value))));
    return result;
  }
}
