package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

import io.sluice.sql.SluiceSqlParser;
import io.sluice.sql.SqlReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * Who uses what in a catalog: the views, materialized views and sinks whose queries read a
 * relation, call a function or score with a model, and the streams sending late rows into a stream.
 * Read from the queries' text each time, so it is never out of date with the definitions it
 * describes.
 */
public final class Dependencies {
  private final Catalog catalog;

  public Dependencies(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** What uses relation {@code name} directly (a stream, table, view or materialized view). */
  public List<Dependent> usersOfRelation(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    List<Dependent> users = new ArrayList<>();
    for (RelationDefinition relation : catalog.list()) {
      if (relation.name().equalsIgnoreCase(name)) {
        continue;
      }
      String query = RelationDefinitions.queryOf(relation);
      if (query != null && references(query).relations().contains(key)) {
        users.add(new Dependent(relation.kind().word(), relation.name()));
      }
      if (relation.watermark() != null
          && relation.watermark().lateStream() != null
          && relation.watermark().lateStream().equalsIgnoreCase(name)) {
        users.add(new Dependent(relation.kind().word(), relation.name()));
      }
    }
    for (SinkDefinition sink : catalog.sinks()) {
      String target = sink.options().get(SinkDefinition.INSERT_INTO_OPTION);
      if (references(sink.query()).relations().contains(key)
          || target != null && target.equalsIgnoreCase(name)) {
        users.add(new Dependent("sink", sink.name()));
      }
    }
    return users;
  }

  /** What calls user function {@code name} directly. */
  public List<Dependent> usersOfFunction(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    List<Dependent> users = new ArrayList<>();
    for (RelationDefinition relation : catalog.list()) {
      String query = RelationDefinitions.queryOf(relation);
      if (query != null && references(query).functions().contains(key)) {
        users.add(new Dependent(relation.kind().word(), relation.name()));
      }
    }
    for (SinkDefinition sink : catalog.sinks()) {
      if (references(sink.query()).functions().contains(key)) {
        users.add(new Dependent("sink", sink.name()));
      }
    }
    return users;
  }

  /** What scores rows with model {@code name} directly (ML_PREDICT … MODEL name). */
  public List<Dependent> usersOfModel(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    List<Dependent> users = new ArrayList<>();
    for (RelationDefinition relation : catalog.list()) {
      String query = RelationDefinitions.queryOf(relation);
      if (query != null && references(query).models().contains(key)) {
        users.add(new Dependent(relation.kind().word(), relation.name()));
      }
    }
    for (SinkDefinition sink : catalog.sinks()) {
      if (references(sink.query()).models().contains(key)) {
        users.add(new Dependent("sink", sink.name()));
      }
    }
    return users;
  }

  private static SqlReferences references(String query) {
    try {
      return SqlReferences.of(SluiceSqlParser.parseStatement(query));
    } catch (SqlParseException e) {
      // The catalog only keeps queries that parsed when they were created.
      throw new IllegalStateException("A query in the catalog no longer parses: " + query, e);
    }
  }
}
