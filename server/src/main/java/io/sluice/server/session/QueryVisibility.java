package io.sluice.server.session;

import static java.util.Objects.requireNonNull;

/**
 * What of a query a user may see: a writer or admin sees every query in full; a reader sees the SQL
 * text and error of its own queries, and of other users' queries only their id, state and owner
 * (their text may hold values another user would not share).
 */
public final class QueryVisibility {
  private QueryVisibility() {}

  /** True if {@code viewer} may see the text and error of a query {@code startedBy} started. */
  public static boolean showsText(Principal viewer, String startedBy) {
    requireNonNull(viewer, "viewer is null");
    return viewer.role().includes(Role.WRITER) || viewer.name().equals(startedBy);
  }
}
