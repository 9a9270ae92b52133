package io.sluice.server.statement;

import static io.sluice.server.statement.Statements.capitalize;
import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.connector.SourceOpeners;
import io.sluice.error.SluiceErrors;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlCreateRelation;

/**
 * {@code CREATE STREAM} and {@code CREATE TABLE}: checks the connector options now, so a mistake
 * surfaces before any query, and keeps the definition in the catalog.
 */
public final class CreateRelationTask implements StatementTask<SqlCreateRelation> {
  private final Catalog catalog;
  private final SourceOpeners sources;
  private final PersistentQueries persistent;

  public CreateRelationTask(Catalog catalog, SourceOpeners sources, PersistentQueries persistent) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.sources = requireNonNull(sources, "sources is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public Class<SqlCreateRelation> statementType() {
    return SqlCreateRelation.class;
  }

  @Override
  public StatementResult execute(SqlCreateRelation create, StatementContext context) {
    if (create.getReplace()) {
      throw SluiceErrors.unsupportedStatement(create.getParserPosition(), "CREATE OR REPLACE");
    }
    RelationDefinition definition = RelationDefinitions.fromDdl(create, context.sql().strip());
    sources.validate(definition);
    if (!catalog.add(definition)) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      RelationDefinition existing = catalog.find(definition.name()).orElseThrow();
      throw SluiceErrors.relationExists(
          create.name().getParserPosition(), capitalize(existing.kind().word()), existing.name());
    }
    persistent.retryFailed();
    return new StatementResult.Update(0);
  }
}
