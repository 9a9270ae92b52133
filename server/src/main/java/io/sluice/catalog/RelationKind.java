package io.sluice.catalog;

/** Whether a declared relation is unbounded (STREAM) or bounded and static (TABLE). */
public enum RelationKind {
  STREAM,
  TABLE;

  /** Lower-case word for messages: "stream", "table". */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
