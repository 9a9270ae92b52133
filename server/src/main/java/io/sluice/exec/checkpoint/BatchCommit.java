package io.sluice.exec.checkpoint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@code commits/N} records once the sink committed batch N: the watermark after it and, per
 * source, the largest event time it had delivered (null for a source without a watermark, none in
 * commits written before these were recorded), so a restarted query's sources resume holding the
 * watermark where they held it: one that delivers nothing more does not hold it back for ever.
 */
// a server rolled back past a field added later reads the rest (the fields added are refinements)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchCommit(
    long batchId,
    long watermark,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Long> sourceEventTimes) {
  public BatchCommit {
    // nulls stand for sources without a watermark: no List.copyOf
    sourceEventTimes =
        sourceEventTimes == null
            ? null
            : Collections.unmodifiableList(new ArrayList<>(sourceEventTimes));
  }
}
