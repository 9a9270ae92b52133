package io.sluice.server.statement;

import static io.sluice.server.statement.Statements.capitalize;
import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.RelationKind;
import io.sluice.error.SluiceErrors;
import io.sluice.plan.QueryPlanner;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.spi.type.Column;
import io.sluice.sql.SqlCreateView;
import java.util.List;
import java.util.Optional;

/**
 * {@code CREATE [OR REPLACE] VIEW}: checks the view's query and keeps it in the catalog; queries
 * reading the view expand it. OR REPLACE replaces only a view, never a stream or table of that
 * name.
 */
public final class CreateViewTask implements StatementTask<SqlCreateView> {
  private final Catalog catalog;
  private final PersistentQueries persistent;

  public CreateViewTask(Catalog catalog, PersistentQueries persistent) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public Class<SqlCreateView> statementType() {
    return SqlCreateView.class;
  }

  @Override
  public StatementResult execute(SqlCreateView create, StatementContext context) {
    String name = create.name().toString();
    if (create.getReplace() && create.ifNotExists()) {
      throw SluiceErrors.invalidDdl(
          create.getParserPosition(), "CREATE OR REPLACE VIEW cannot also say IF NOT EXISTS");
    }
    Optional<RelationDefinition> existing = catalog.find(name);
    if (existing.isPresent()) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      if (!create.getReplace()) {
        throw SluiceErrors.relationExists(
            create.name().getParserPosition(),
            capitalize(existing.get().kind().word()),
            existing.get().name());
      }
      if (existing.get().kind() != RelationKind.VIEW) {
        throw SluiceErrors.wrongKind(
            create.name().getParserPosition(),
            existing.get().name(),
            existing.get().kind().word(),
            RelationKind.VIEW.word());
      }
    }
    // Sliced before validation, which rewrites the query's nodes in place.
    String query = Statements.queryText(context.sql(), create.query());
    List<Column> columns =
        new QueryPlanner(catalog).viewColumns(name, create.query(), create.columnList());
    String canonical = existing.map(RelationDefinition::name).orElse(name);
    RelationDefinition view =
        RelationDefinitions.view(canonical, columns, query, context.sql().strip());
    // Another session may have dropped or declared the name meanwhile.
    if (!(existing.isPresent() && catalog.replace(view) || catalog.add(view))) {
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Relation", name);
    }
    persistent.retryFailed();
    return new StatementResult.Update(0);
  }
}
