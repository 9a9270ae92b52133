package io.sluice.exec.driver;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.operator.Batches;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One epoch of a continuous query: the offsets and watermark it started from, and what its small
 * batches read and produced. It is checkpointed as one batch (its id is the epoch's): a crash
 * replays it whole from {@link #starts()}, and a persistent query's sink takes its output in one
 * commit.
 */
final class ContinuousEpoch {
  private final long id;
  private final long startedAt;
  private final List<SourceOffset> starts;
  private final long watermarkBefore;
  private final List<Batch> staged = new ArrayList<>();
  private Batch firstOutput;
  private long inputRows;
  private long outputRows;
  private long busyMillis;
  private int miniBatches;

  ContinuousEpoch(long id, long startedAt, List<SourceOffset> starts, long watermarkBefore) {
    this.id = id;
    this.startedAt = startedAt;
    this.starts = List.copyOf(requireNonNull(starts, "starts is null"));
    this.watermarkBefore = watermarkBefore;
  }

  long id() {
    return id;
  }

  long startedAt() {
    return startedAt;
  }

  /** The offsets the epoch read from: where a replay of it starts. */
  List<SourceOffset> starts() {
    return starts;
  }

  /** The query's watermark when the epoch started, recorded with its offsets for a replay. */
  long watermarkBefore() {
    return watermarkBefore;
  }

  /** Counts one small batch: its input rows, its output and how long the operators took. */
  void add(long input, Batch output, long millis) {
    inputRows += input;
    outputRows += output.rowCount();
    busyMillis += millis;
    miniBatches++;
  }

  /** Keeps a small batch's output for the sink, which commits the epoch's output at once. */
  void stage(Batch output) {
    if (firstOutput == null) {
      firstOutput = output;
    }
    if (output.rowCount() > 0) {
      staged.add(output);
    }
  }

  /** The output staged for the sink, in the order it was produced (after one staged batch). */
  Batch output() {
    return staged.isEmpty()
        ? requireNonNull(firstOutput, "nothing staged")
        : Batches.concat(staged);
  }

  /** Whether no small batch ran: nothing arrived during the epoch. */
  boolean isEmpty() {
    return miniBatches == 0;
  }

  long inputRows() {
    return inputRows;
  }

  long outputRows() {
    return outputRows;
  }

  /** Time the operators (and the client's output) took, summed over the small batches. */
  long busyMillis() {
    return busyMillis;
  }
}
