package io.sluice.exec.checkpoint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What {@code offsets/N} records before batch N runs: where each source starts and ends in it, the
 * watermarks the batch starts from and ends with and the version of each model it scores with, so a
 * replay reads the same rows, sees the same watermarks and scores with the same models.
 *
 * @param models per ML_PREDICT operator id, the model version (content hash) the batch uses; empty
 *     in checkpoints written before models were recorded
 * @param watermarkAfter the watermark the batch ends with (a micro-batch's once its rows are read,
 *     a continuous epoch's at its end); null in offsets written before it was recorded. A replay
 *     cannot compute it again: a source without rows in the batch holds fresh trackers back, an
 *     idle source moves them with the wall clock, and state rebuilt at another watermark fires
 *     again, or never, windows whose results the first run committed
 * @param processingTime the wall clock the batch ran at (what PROCTIME() and the operators' timers
 *     saw; a continuous epoch's start, which all its rows run at); null in offsets written before
 *     it was recorded. A replay at its own time would close windows over processing time the first
 *     run left open, whose results the sink then skips with the batch
 */
// a server rolled back past a field added later reads the rest (the fields added are refinements)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchOffsets(
    long batchId,
    List<String> start,
    List<String> end,
    long watermark,
    Map<String, String> models,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long watermarkAfter,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long processingTime) {
  public BatchOffsets {
    start = List.copyOf(start);
    end = List.copyOf(end);
    models = models == null ? Map.of() : Map.copyOf(models);
  }
}
