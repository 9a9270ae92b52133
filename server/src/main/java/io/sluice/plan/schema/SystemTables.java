package io.sluice.plan.schema;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;

/**
 * The read-only tables of schema {@code sys}, describing the server itself: what is declared and
 * what runs. The server declares them in the catalog; their rows are computed when read.
 */
public final class SystemTables {
  public static final String SCHEMA = RelationDefinitions.SYSTEM_SCHEMA;

  private SystemTables() {}

  public static boolean isSystem(RelationDefinition relation) {
    return RelationDefinitions.isSystem(relation);
  }
}
