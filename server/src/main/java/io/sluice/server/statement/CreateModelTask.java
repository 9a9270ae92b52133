package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.Dependencies;
import io.sluice.catalog.Dependent;
import io.sluice.catalog.ModelDefinition;
import io.sluice.catalog.ModelDefinitions;
import io.sluice.error.SluiceErrors;
import io.sluice.exec.model.ModelRegistry;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlCreateModel;
import java.util.List;
import java.util.Optional;

/**
 * {@code CREATE [OR REPLACE] MODEL name INPUT (…) OUTPUT (…) WITH ('provider' = 'onnx', 'path' =
 * …)}: loads the file now and checks its inputs and outputs against the declared columns, so a
 * mismatch fails here, naming it, rather than in the first query. Replacing a model that queries
 * score with keeps them running: they take the new file at their next batch, and its columns must
 * stay as they were.
 */
public final class CreateModelTask implements StatementTask<SqlCreateModel> {
  private final Catalog catalog;
  private final ModelRegistry models;
  private final Dependencies dependencies;
  private final PersistentQueries persistent;

  public CreateModelTask(Catalog catalog, ModelRegistry models, PersistentQueries persistent) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.models = requireNonNull(models, "models is null");
    this.dependencies = new Dependencies(catalog);
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public Class<SqlCreateModel> statementType() {
    return SqlCreateModel.class;
  }

  @Override
  public StatementResult execute(SqlCreateModel create, StatementContext context) {
    String name = create.name().toString();
    if (create.getReplace() && create.ifNotExists()) {
      throw SluiceErrors.invalidDdl(
          create.getParserPosition(), "CREATE OR REPLACE MODEL cannot also say IF NOT EXISTS");
    }
    if (!create.name().isSimple()) {
      throw SluiceErrors.invalidDdl(
          create.name().getParserPosition(),
          "A model's name is a single identifier, not '" + name + "'");
    }
    Optional<ModelDefinition> existing = catalog.findModel(name);
    if (existing.isPresent() && !create.getReplace()) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      throw SluiceErrors.relationExists(
          create.name().getParserPosition(), "Model", existing.get().name());
    }
    ModelDefinition parsed = ModelDefinitions.fromDdl(create, context.sql().strip());
    String canonical = existing.map(ModelDefinition::name).orElse(name);
    ModelDefinition definition =
        new ModelDefinition(
            canonical,
            parsed.inputs(),
            parsed.outputs(),
            parsed.options(),
            parsed.comment(),
            parsed.ddl());
    if (existing.isPresent() && !existing.get().sameColumns(definition)) {
      List<Dependent> users = dependencies.usersOfModel(canonical);
      if (!users.isEmpty()) {
        throw SluiceErrors.invalidDdl(
            create.getParserPosition(),
            "Cannot replace model '"
                + canonical
                + "' with other INPUT or OUTPUT columns: "
                + String.join(", ", users.stream().map(Dependent::toString).toList())
                + (users.size() == 1 ? " scores" : " score")
                + " with it. Keep its columns (ALTER MODEL "
                + canonical
                + " SET ('path' = …) changes only the file), or drop "
                + (users.size() == 1 ? "it" : "them")
                + " first");
      }
    }
    ModelRegistry.Candidate candidate = models.load(definition);
    boolean added;
    try {
      added = catalog.addModel(definition, create.getReplace());
    } catch (RuntimeException e) {
      models.discard(candidate);
      throw e;
    }
    if (!added) {
      models.discard(candidate);
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Model", name);
    }
    models.install(definition, candidate);
    persistent.retryFailed();
    return new StatementResult.Update(0);
  }
}
