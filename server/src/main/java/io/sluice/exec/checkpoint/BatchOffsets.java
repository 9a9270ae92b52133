package io.sluice.exec.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What {@code offsets/N} records before batch N runs: where each source starts and ends in it, the
 * watermark the batch starts from and the version of each model it scores with, so a replay reads
 * the same rows, sees the same watermark and scores with the same models.
 *
 * @param models per ML_PREDICT operator id, the model version (content hash) the batch uses; empty
 *     in checkpoints written before models were recorded
 * @param watermarkAfter the watermark the batch ended with, where it is known when the offsets are
 *     written (a continuous epoch's, recorded at its end), else null: a replay's fresh watermark
 *     trackers may not reach it (a source without rows in the batch holds them back), and state
 *     rebuilt below it would fire again windows whose results the first run committed
 */
public record BatchOffsets(
    long batchId,
    List<String> start,
    List<String> end,
    long watermark,
    Map<String, String> models,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long watermarkAfter) {
  /** Offsets of a batch whose end watermark is not known yet. */
  public BatchOffsets(
      long batchId,
      List<String> start,
      List<String> end,
      long watermark,
      Map<String, String> models) {
    this(batchId, start, end, watermark, models, null);
  }

  public BatchOffsets {
    start = List.copyOf(start);
    end = List.copyOf(end);
    models = models == null ? Map.of() : Map.copyOf(models);
  }
}
