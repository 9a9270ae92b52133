package io.sluice.exec.driver;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.checkpoint.BatchCommit;
import io.sluice.exec.checkpoint.BatchOffsets;
import io.sluice.exec.checkpoint.CheckpointFile;
import io.sluice.exec.checkpoint.CheckpointLog;
import io.sluice.exec.operator.SubtaskStates;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.StreamSink;

/**
 * The exactly-once half of a persistent query: its checkpoint log and its sink. Per batch N the
 * driver records {@code offsets/N} once it read N's rows and before anything of N is written; then
 * the sink writes and commits the output, the operators' state after N goes to {@code state/N}, and
 * {@code commits/N} closes the batch. A crash anywhere in between replays batch N with the same
 * offsets, and the sink's idempotent commit makes the replay leave no duplicates.
 */
public final class Durability {
  /** Told how long each checkpoint file took to write, fsyncs included. */
  @FunctionalInterface
  interface WriteListener {
    void written(CheckpointFile file, long nanos);
  }

  private final CheckpointLog log;
  private final StreamSink sink;
  private final WriteListener writes;

  public Durability(CheckpointLog log, StreamSink sink) {
    this(log, sink, (file, nanos) -> {});
  }

  private Durability(CheckpointLog log, StreamSink sink, WriteListener writes) {
    this.log = requireNonNull(log, "log is null");
    this.sink = requireNonNull(sink, "sink is null");
    this.writes = requireNonNull(writes, "writes is null");
  }

  /** This log and sink, telling {@code writes} the time of each checkpoint file written. */
  Durability reportingWritesTo(WriteListener writes) {
    return new Durability(log, sink, writes);
  }

  public CheckpointLog log() {
    return log;
  }

  /** Writes {@code offsets/N} of the batch {@code offsets} describes. */
  void writeOffsets(BatchOffsets offsets) {
    long start = System.nanoTime();
    log.writeOffsets(offsets);
    writes.written(CheckpointFile.OFFSETS, System.nanoTime() - start);
  }

  /** Writes {@code state/N}, then {@code commits/N}. */
  private void writeStateAndCommit(long batchId, byte[] state, BatchCommit commit) {
    long start = System.nanoTime();
    log.writeState(batchId, state);
    long stateWritten = System.nanoTime();
    writes.written(CheckpointFile.STATE, stateWritten - start);
    log.writeCommit(commit);
    writes.written(CheckpointFile.COMMIT, System.nanoTime() - stateWritten);
  }

  /** Returns how long the sink took to write and commit the output, in nanoseconds. */
  long deliver(long batchId, Batch output, BatchCommit commit, SubtaskStates states) {
    long sinkStart = System.nanoTime();
    sink.write(batchId, output);
    CrashPoints.check("mid-sink", batchId);
    sink.commit(batchId);
    long sinkNanos = System.nanoTime() - sinkStart;
    CrashPoints.check("after-sink-commit", batchId);
    writeStateAndCommit(batchId, states.snapshot(), commit);
    CrashPoints.check("after-commit", batchId);
    return sinkNanos;
  }

  /** Whether the sink takes a continuous epoch's rows as they come ({@link #stream}). */
  boolean streams() {
    return sink.takesRowsAsTheyCome();
  }

  /**
   * Whether an epoch's commit may run behind the next epoch's rows ({@link
   * StreamSink#commitsWhileTheNextBatchIsWritten}).
   */
  boolean commitsBehind() {
    return sink.takesRowsAsTheyCome() && sink.commitsWhileTheNextBatchIsWritten();
  }

  /** The epoch has all its rows: the sink readies them for a commit on another thread. */
  void prepareCommit(long epoch) {
    sink.prepareCommit(epoch);
  }

  /** Hands rows of the open epoch to the sink, which stages them until {@link #commitStreamed}. */
  void stream(long epoch, Batch rows) {
    sink.writeMore(epoch, rows);
  }

  /**
   * Closes an epoch whose rows the sink took as they came: commits them, then writes the state and
   * the commit, as {@link #deliver} does after its write. Returns the sink's time in nanoseconds.
   */
  long commitStreamed(long epoch, BatchCommit commit, SubtaskStates states) {
    return commitStreamed(epoch, commit, states.snapshot());
  }

  /**
   * As {@link #commitStreamed(long, BatchCommit, SubtaskStates)}, with the state taken at the
   * epoch's end.
   */
  long commitStreamed(long epoch, BatchCommit commit, byte[] state) {
    long sinkNanos = commitSink(epoch);
    checkpoint(epoch, commit, state);
    return sinkNanos;
  }

  /**
   * The first half of {@link #commitStreamed}: the sink commits the epoch's rows. Returns the
   * sink's time in nanoseconds.
   */
  long commitSink(long epoch) {
    long sinkStart = System.nanoTime();
    CrashPoints.check("mid-sink", epoch);
    sink.commit(epoch);
    long sinkNanos = System.nanoTime() - sinkStart;
    CrashPoints.check("after-sink-commit", epoch);
    return sinkNanos;
  }

  /**
   * The second half of {@link #commitStreamed}: the state after the epoch, then the commit that
   * closes it.
   */
  void checkpoint(long epoch, BatchCommit commit, byte[] state) {
    CrashPoints.holdBeforeState(epoch);
    writeStateAndCommit(epoch, state, commit);
    CrashPoints.check("after-commit", epoch);
  }

  /**
   * The newest batch the query may resume from: the sink's bound after it fell back to an older
   * copy of its own output, else no bound.
   */
  long resumeNoLaterThan() {
    return sink.resumeNoLaterThan().orElse(Long.MAX_VALUE);
  }

  void close() {
    sink.close();
  }
}
