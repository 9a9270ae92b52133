package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.ModelDefinition;
import io.sluice.catalog.ModelDefinitions;
import io.sluice.error.SluiceErrors;
import io.sluice.exec.model.ModelRegistry;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlAlterModel;
import java.util.Optional;

/**
 * {@code ALTER MODEL name SET ('path' = …)}: loads the new file now and checks it against the
 * model's columns; only then does it take the old one's place. Queries scoring with the model
 * switch to it at their next batch, without a restart. A file that does not fit fails the statement
 * and leaves the model as it was.
 */
public final class AlterModelTask implements StatementTask<SqlAlterModel> {
  private final Catalog catalog;
  private final ModelRegistry models;

  public AlterModelTask(Catalog catalog, ModelRegistry models) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.models = requireNonNull(models, "models is null");
  }

  @Override
  public Class<SqlAlterModel> statementType() {
    return SqlAlterModel.class;
  }

  @Override
  public StatementResult execute(SqlAlterModel alter, StatementContext context) {
    String name = alter.name().toString();
    Optional<ModelDefinition> existing = catalog.findModel(name);
    if (existing.isEmpty()) {
      if (alter.ifExists()) {
        return new StatementResult.Update(0);
      }
      throw SluiceErrors.relationNotFound(alter.name().getParserPosition(), "Model", name);
    }
    ModelDefinition current = existing.get();
    ModelDefinition changed = current.withOptions(alter.options(), current.ddl());
    ModelDefinitions.checkOptions(
        changed.options(), current.name(), alter::optionPosition, alter.getParserPosition());
    changed = changed.withOptions(java.util.Map.of(), ModelDefinitions.ddl(changed));
    ModelRegistry.Candidate candidate = models.load(changed);
    try {
      catalog.addModel(changed, true);
    } catch (RuntimeException e) {
      models.discard(candidate);
      throw e;
    }
    models.install(changed, candidate);
    return new StatementResult.Update(0);
  }
}
