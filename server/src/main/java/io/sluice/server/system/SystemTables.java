package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.server.session.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every table of schema {@code sys}, registered in one place, by name. */
public final class SystemTables {
  private final Map<String, SystemTable> tables = new LinkedHashMap<>();

  public SystemTables(List<SystemTable> tables) {
    for (SystemTable table : tables) {
      this.tables.put(
          table.name().toLowerCase(Locale.ROOT), requireNonNull(table, "table is null"));
    }
  }

  public Optional<SystemTable> find(String name) {
    return Optional.ofNullable(tables.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * The current rows of table {@code name} as {@code viewer} may see them; fails for a name that is
   * not a system table.
   */
  public List<Object[]> rows(String name, Principal viewer) {
    return find(name)
        .orElseThrow(() -> new IllegalStateException("Unknown system table " + name))
        .rows(viewer);
  }

  public List<RelationDefinition> definitions() {
    List<RelationDefinition> definitions = new ArrayList<>();
    tables.values().forEach(table -> definitions.add(table.definition()));
    return definitions;
  }
}
