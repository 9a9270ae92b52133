package io.sluice.plan.physical;

/**
 * Which changelog kinds a physical node emits: +I (insert), -U/+U (retract and update an earlier
 * row for its key), -D (delete). EXPLAIN prints it next to every node.
 */
public enum ChangelogMode {
  /** Only +I: every emitted row is final and new. */
  INSERT_ONLY("[+I]"),
  /** +I, -U, +U, -D: rows may replace earlier rows for the same key. */
  UPSERT("[+I,-U,+U,-D]"),
  /** +I for every row of the result table, again each batch. */
  COMPLETE("[+I complete table each batch]");

  private final String label;

  ChangelogMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
