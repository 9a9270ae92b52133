package io.sluice.exec.checkpoint;

import java.util.List;

/**
 * What {@code offsets/N} records before batch N runs: where each source starts and ends in it, and
 * the watermark the batch starts from, so a replay reads the same rows and sees the same watermark.
 */
public record BatchOffsets(long batchId, List<String> start, List<String> end, long watermark) {
  public BatchOffsets {
    start = List.copyOf(start);
    end = List.copyOf(end);
  }
}
