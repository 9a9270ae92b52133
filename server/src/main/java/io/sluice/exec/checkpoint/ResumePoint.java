package io.sluice.exec.checkpoint;

import java.util.List;
import java.util.Optional;

/**
 * Where a restarted query resumes (see {@link CheckpointLog#resumePoint}): the committed batch it
 * restores, or none to start from the beginning, and the recorded batches after it to replay.
 *
 * @param commit the batch restored, or null to start from the sources' initial offsets
 * @param offsets that batch's offsets (where the next batch starts), or null with {@code commit}
 * @param state the operators' state after that batch, or null with {@code commit}
 * @param replay the batches recorded after it, oldest first, to run again with their offsets
 * @param skippedDamage the damage of a newer checkpoint that made this one the resume point, or
 *     null when the newest was intact
 */
public record ResumePoint(
    BatchCommit commit,
    BatchOffsets offsets,
    byte[] state,
    List<BatchOffsets> replay,
    DamagedCheckpointException skippedDamage) {
  public ResumePoint {
    replay = List.copyOf(replay);
  }

  public Optional<DamagedCheckpointException> fellBackFrom() {
    return Optional.ofNullable(skippedDamage);
  }
}
