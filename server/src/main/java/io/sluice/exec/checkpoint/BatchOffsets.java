package io.sluice.exec.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * What {@code offsets/N} records before batch N runs: where each source starts and ends in it, the
 * watermark the batch starts from and the version of each model it scores with, so a replay reads
 * the same rows, sees the same watermark and scores with the same models.
 *
 * @param models per ML_PREDICT operator id, the model version (content hash) the batch uses; empty
 *     in checkpoints written before models were recorded
 */
public record BatchOffsets(
    long batchId,
    List<String> start,
    List<String> end,
    long watermark,
    Map<String, String> models) {
  public BatchOffsets {
    start = List.copyOf(start);
    end = List.copyOf(end);
    models = models == null ? Map.of() : Map.copyOf(models);
  }
}
