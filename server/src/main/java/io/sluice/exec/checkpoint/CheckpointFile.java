package io.sluice.exec.checkpoint;

/** The kinds of file a persistent query's checkpoint writes per batch, as metrics name them. */
public enum CheckpointFile {
  /** {@code offsets/N}, written before anything of batch N is written anywhere. */
  OFFSETS("offsets"),
  /** {@code state/N}, the operators' state after batch N. */
  STATE("state"),
  /** {@code commits/N}, which closes batch N once its sink committed. */
  COMMIT("commit");

  private final String tag;

  CheckpointFile(String tag) {
    this.tag = tag;
  }

  /** The file's kind as a metric tag: {@code offsets}, {@code state} or {@code commit}. */
  public String tag() {
    return tag;
  }
}
