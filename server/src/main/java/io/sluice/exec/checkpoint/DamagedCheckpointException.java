package io.sluice.exec.checkpoint;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.fs.DamagedFileException;
import java.nio.file.Path;

/**
 * A file of a query's checkpoint is damaged or missing, so the query stops instead of computing
 * from it. The message names the file, what is wrong with it (both checksums on a mismatch) and
 * what to do. A permanent failure: retrying reads the same bytes.
 */
public final class DamagedCheckpointException extends SluiceException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String problem;
  private final transient Path checkpoint;
  private final String advice;

  /**
   * @param problem what is wrong with {@code file}
   * @param cause the checksum check that failed, or null
   * @param checkpoint the query's checkpoint directory
   */
  public DamagedCheckpointException(
      Path file, String problem, DamagedFileException cause, Path checkpoint) {
    this(file, problem, cause, checkpoint, false, DEFAULT_ADVICE);
  }

  /**
   * @param advice what the user can do, instead of the default (restore the file, or start over)
   */
  public DamagedCheckpointException(
      Path file, String problem, DamagedFileException cause, Path checkpoint, String advice) {
    this(file, problem, cause, checkpoint, false, advice);
  }

  private DamagedCheckpointException(
      Path file,
      String problem,
      Throwable cause,
      Path checkpoint,
      boolean fellBackInVain,
      String advice) {
    super(
        ErrorCode.QUERY_FAILED, message(file, problem, checkpoint, fellBackInVain, advice), cause);
    this.file = requireNonNull(file, "file is null");
    this.problem = requireNonNull(problem, "problem is null");
    this.checkpoint = requireNonNull(checkpoint, "checkpoint is null");
    this.advice = requireNonNull(advice, "advice is null");
  }

  private static final String DEFAULT_ADVICE =
      "restore the file from a backup and RESTART QUERY, or drop and create the query again to "
          + "start it afresh";

  private static String message(
      Path file, String problem, Path checkpoint, boolean fellBack, String advice) {
    return "Checkpoint file "
        + file
        + " is damaged: "
        + problem
        + (fellBack
            ? "; none of the older checkpoints kept ("
                + CheckpointLog.KEEP
                + " batches) can be resumed from instead"
            : "")
        + ". The query stopped rather than compute from it: "
        + advice
        + " (its checkpoint is "
        + checkpoint
        + ")";
  }

  public Path file() {
    return file;
  }

  /** What is wrong with the file, e.g. a checksum mismatch with both checksums. */
  public String problem() {
    return problem;
  }

  /** The same damage, saying that no older checkpoint could be used instead. */
  DamagedCheckpointException withoutFallback() {
    return new DamagedCheckpointException(file, problem, getCause(), checkpoint, true, advice);
  }
}
