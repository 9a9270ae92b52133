package io.sluice.catalog;

/** What a declared relation is: unbounded (STREAM), bounded and static (TABLE), or a view. */
public enum RelationKind {
  STREAM,
  TABLE,
  /** A query's result table kept in the server; read like a table, followed like a stream. */
  MATERIALIZED_VIEW,
  /** A named query, expanded in place wherever it is read; it holds no data of its own. */
  VIEW;

  /** Lower-case word for messages: "stream", "table", "materialized view". */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
