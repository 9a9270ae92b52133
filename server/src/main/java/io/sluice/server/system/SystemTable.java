package io.sluice.server.system;

import io.sluice.catalog.RelationDefinition;
import io.sluice.server.session.Principal;
import java.util.List;

/**
 * One table of schema {@code sys}: its columns, declared in the catalog so queries can read it, and
 * its rows, computed from the server's state each time a query reads it.
 */
public interface SystemTable {
  /** Name and columns; see {@link io.sluice.catalog.RelationDefinitions#systemTable}. */
  RelationDefinition definition();

  /** The current rows, values in the order of the columns, as plain Java values. */
  List<Object[]> rows();

  /**
   * The current rows as {@code viewer} may see them; all of them unless a table hides some of what
   * other users did ({@code sys.queries}).
   */
  default List<Object[]> rows(Principal viewer) {
    return rows();
  }

  default String name() {
    return definition().name();
  }
}
