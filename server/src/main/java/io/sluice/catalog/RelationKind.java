package io.sluice.catalog;

/** Whether a declared relation is unbounded (STREAM) or bounded and static (TABLE). */
public enum RelationKind {
  STREAM,
  TABLE,
  /** A query's result table kept in the server; read like a table, followed like a stream. */
  MATERIALIZED_VIEW;

  /** Lower-case word for messages: "stream", "table". */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
