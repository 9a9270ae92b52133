package io.sluice.server.statement;

import static io.sluice.server.statement.Statements.capitalize;
import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.Dependencies;
import io.sluice.catalog.Dependent;
import io.sluice.catalog.FunctionDefinition;
import io.sluice.catalog.ModelDefinition;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.SinkDefinition;
import io.sluice.connector.http.HttpConnectorFactory;
import io.sluice.connector.http.StreamLogs;
import io.sluice.error.SluiceErrors;
import io.sluice.exec.model.ModelRegistry;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlDropObject;
import io.sluice.sql.SqlDropObject.ObjectKind;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code DROP STREAM | TABLE | VIEW | MATERIALIZED VIEW | SINK | FUNCTION | MODEL [IF EXISTS] name
 * [CASCADE]}. An object that others use (views, materialized views and sinks reading it, streams
 * sending late rows into it) is only dropped with CASCADE, which stops and drops those users first,
 * as PostgreSQL does; without it the DROP is refused, naming them.
 */
public final class DropTask implements StatementTask<SqlDropObject> {
  private final Catalog catalog;
  private final Dependencies dependencies;
  private final PersistentQueries persistent;
  private final ModelRegistry models;
  private final StreamLogs streamLogs;

  public DropTask(
      Catalog catalog, PersistentQueries persistent, ModelRegistry models, StreamLogs streamLogs) {
    this.streamLogs = requireNonNull(streamLogs, "streamLogs is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.dependencies = new Dependencies(catalog);
    this.persistent = requireNonNull(persistent, "persistent is null");
    this.models = requireNonNull(models, "models is null");
  }

  @Override
  public Class<SqlDropObject> statementType() {
    return SqlDropObject.class;
  }

  @Override
  public StatementResult execute(SqlDropObject drop, StatementContext context) {
    String name = drop.name().toString();
    String canonical;
    List<Dependent> users;
    switch (drop.kind()) {
      case SINK -> {
        Optional<SinkDefinition> sink = catalog.findSink(name);
        if (sink.isEmpty()) {
          return missing(drop, "Sink");
        }
        dropSink(sink.get().name());
        return new StatementResult.Update(0);
      }
      case FUNCTION -> {
        Optional<FunctionDefinition> function = catalog.findFunction(name);
        if (function.isEmpty()) {
          return missing(drop, "Function");
        }
        canonical = function.get().name();
        users = dependencies.usersOfFunction(canonical);
      }
      case MODEL -> {
        Optional<ModelDefinition> model = catalog.findModel(name);
        if (model.isEmpty()) {
          return missing(drop, "Model");
        }
        canonical = model.get().name();
        users = dependencies.usersOfModel(canonical);
      }
      default -> {
        RelationKind wanted = relationKind(drop.kind());
        Optional<RelationDefinition> existing = catalog.find(name);
        if (existing.isEmpty()
            || wanted == RelationKind.MATERIALIZED_VIEW && existing.get().kind() != wanted) {
          return missing(drop, capitalize(wanted.word()));
        }
        if (existing.get().kind() != wanted) {
          throw SluiceErrors.wrongKind(
              drop.name().getParserPosition(),
              existing.get().name(),
              existing.get().kind().word(),
              wanted.word());
        }
        canonical = existing.get().name();
        users = dependencies.usersOfRelation(canonical);
      }
    }
    if (!users.isEmpty() && !drop.cascade()) {
      throw SluiceErrors.inUse(
          drop.getParserPosition(),
          drop.kind().keywords().toLowerCase(Locale.ROOT),
          canonical,
          users.stream().map(Dependent::toString).toList(),
          "DROP " + drop.kind().keywords() + " " + canonical);
    }
    Set<String> dropped = new HashSet<>();
    for (Dependent user : users) {
      dropWithUsers(user, dropped);
    }
    if (drop.kind() == ObjectKind.FUNCTION) {
      // Queries running already keep their compiled code and go on calling the class.
      catalog.removeFunction(canonical);
    } else if (drop.kind() == ObjectKind.MODEL) {
      // A client's query scoring with it keeps the version it holds until it ends.
      catalog.removeModel(canonical);
      models.remove(canonical);
    } else {
      dropRelation(canonical);
    }
    return new StatementResult.Update(0);
  }

  /** Drops {@code dependent} after what uses it in turn (CASCADE). */
  private void dropWithUsers(Dependent dependent, Set<String> dropped) {
    if (!dropped.add(dependent.kind() + ":" + dependent.name().toLowerCase(Locale.ROOT))) {
      return;
    }
    if (dependent.kind().equals("sink")) {
      dropSink(dependent.name());
      return;
    }
    for (Dependent user : dependencies.usersOfRelation(dependent.name())) {
      dropWithUsers(user, dropped);
    }
    dropRelation(dependent.name());
  }

  private void dropSink(String name) {
    persistent.dropSink(name);
    catalog.removeSink(name);
  }

  private void dropRelation(String name) {
    Optional<RelationDefinition> relation = catalog.find(name);
    if (relation.isPresent() && relation.get().kind() == RelationKind.MATERIALIZED_VIEW) {
      persistent.dropView(name);
    }
    catalog.remove(name);
    if (relation.isPresent()
        && relation.get().kind() == RelationKind.STREAM
        && relation.get().connector().trim().equalsIgnoreCase(HttpConnectorFactory.IDENTIFIER)) {
      // after the catalog: a crash in between leaves a log the next start deletes
      streamLogs.delete(relation.get().name());
    }
  }

  private static StatementResult missing(SqlDropObject drop, String kind) {
    if (drop.ifExists()) {
      return new StatementResult.Update(0);
    }
    throw SluiceErrors.relationNotFound(
        drop.name().getParserPosition(), kind, drop.name().toString());
  }

  private static RelationKind relationKind(ObjectKind kind) {
    return switch (kind) {
      case STREAM -> RelationKind.STREAM;
      case TABLE -> RelationKind.TABLE;
      case MATERIALIZED_VIEW -> RelationKind.MATERIALIZED_VIEW;
      default -> RelationKind.VIEW;
    };
  }
}
