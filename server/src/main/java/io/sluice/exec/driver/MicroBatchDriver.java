package io.sluice.exec.driver;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.checkpoint.BatchCommit;
import io.sluice.exec.checkpoint.BatchOffsets;
import io.sluice.exec.checkpoint.CheckpointLog;
import io.sluice.exec.checkpoint.ResumePoint;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.exec.model.ModelBinding;
import io.sluice.exec.operator.Batches;
import io.sluice.exec.operator.ExchangeChannels;
import io.sluice.exec.operator.MicroBatch;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.StatefulOperator;
import io.sluice.exec.operator.SubtaskStates;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one query as a sequence of micro-batches on its own thread. Each batch: ask every source how
 * far data is available, read the rows between the last offsets and those, push them through the
 * operator tree, hand the output on, remember the new offsets. The trigger decides when the next
 * batch starts and whether the query ends once the sources are drained.
 */
public final class MicroBatchDriver implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(MicroBatchDriver.class);
  private static final long IDLE_BATCH_INTERVAL_MILLIS = 1_000;
  private static final long STATE_BYTES_INTERVAL_MILLIS = 1_000;
  // continuous trigger: the longest wait on a source between small batches (cancellation and the
  // epoch's end are noticed within it), and the poll interval when several sources are read
  private static final long CONTINUOUS_MAX_WAIT_MILLIS = 50;
  private static final long CONTINUOUS_POLL_MILLIS = 2;

  private final RunningQuery query;
  private final List<Operator> roots;
  private final SubtaskStates states;
  private final SubtaskPool subtasks;
  private final boolean singleRoot;
  private final List<StreamSource> sources;
  private final List<SourceMetrics> metrics;
  private final QueryDataContext context;
  private final Duration idlePoll;
  private final StateBudget budget;
  private final List<WatermarkTracker> trackers;
  private final List<Batch> emptyBatches;
  private final ChangelogColumns changelog;
  private final Durability durability;
  private final List<io.sluice.spi.connector.StreamSink> lateSinks = new ArrayList<>();
  // the late rows of the batch read last, per source: written once its offsets are recorded
  private final Map<Integer, Batch> lateRowsRead = new LinkedHashMap<>();
  private final List<Integer> watermarkColumns = new ArrayList<>();
  private final List<ModelBinding> models;
  private Map<String, String> modelVersions = Map.of();
  // commits a continuous query's epochs behind its flow, when its sink allows (see EpochCommitter)
  private EpochCommitter committer;
  private long modelsPinnedFor = -1;
  private long divertedLateRows;
  private long stateBytes;
  private long stateBytesAt;
  private long stateRowsAtRefresh;
  private long watermark = MicroBatch.NO_WATERMARK;
  private long batchId;
  // epochs count once committed, possibly on the committer's thread
  private final AtomicLong batchesRun = new AtomicLong();

  /**
   * @param roots the operator tree of each subtask (one for a query at parallelism 1)
   * @param singleRoot the root's rows all come out of subtask 0 (a LIMIT, ORDER BY or global
   *     aggregate at the top): only that subtask's root tells whether the query finished
   * @param watermarks per source, its event-time settings or null when it declares no watermark
   * @param emptyBatches per source, an empty batch of its columns (for batches without input)
   * @param durability checkpoint log and sink of a persistent query; null for a client's query
   * @param models the models the query's ML_PREDICT operators score with, pinned to a version
   *     before each batch
   * @param budget the state the query may hold; over it, the query fails before its batch commits
   */
  public MicroBatchDriver(
      RunningQuery query,
      List<Operator> roots,
      boolean singleRoot,
      SubtaskStates states,
      ExchangeChannels exchanges,
      List<StreamSource> sources,
      List<SourceMetrics> metrics,
      List<SourceWatermark> watermarks,
      List<Batch> emptyBatches,
      ChangelogColumns changelog,
      Durability durability,
      QueryDataContext context,
      Duration idlePoll,
      List<ModelBinding> models,
      StateBudget budget) {
    this.models = List.copyOf(models);
    this.query = requireNonNull(query, "query is null");
    this.roots = List.copyOf(roots);
    this.singleRoot = singleRoot;
    this.states = requireNonNull(states, "states is null");
    this.subtasks = new SubtaskPool(query.id(), exchanges);
    if (roots.size() != subtasks.parallelism()) {
      throw new IllegalArgumentException(roots.size() + " roots for " + subtasks.parallelism());
    }
    this.sources = List.copyOf(sources);
    this.metrics = List.copyOf(metrics);
    this.emptyBatches = List.copyOf(emptyBatches);
    this.changelog = requireNonNull(changelog, "changelog is null");
    this.durability =
        durability == null ? null : durability.reportingWritesTo(query::recordCheckpointWrite);
    this.context = requireNonNull(context, "context is null");
    this.idlePoll = requireNonNull(idlePoll, "idlePoll is null");
    this.budget = requireNonNull(budget, "budget is null");
    long now = System.currentTimeMillis();
    List<WatermarkTracker> list = new ArrayList<>();
    for (SourceWatermark spec : watermarks) {
      list.add(
          spec == null
              ? null
              : new WatermarkTracker(
                  spec.timeColumn(), spec.delayMillis(), spec.idleTimeoutMillis(), now));
      lateSinks.add(spec == null ? null : spec.lateRows());
      watermarkColumns.add(spec == null ? -1 : spec.timeColumn());
    }
    this.trackers = java.util.Collections.unmodifiableList(list);
  }

  /** How a run of the driver ended. */
  record Outcome(QueryState state, Throwable failure, long batchesRun) {}

  /** Runs a client's query to its end and ends it. */
  @Override
  public void run() {
    Outcome outcome = runToEnd();
    query.ended(
        outcome.state(), outcome.failure() == null ? null : Failures.describe(outcome.failure()));
  }

  /**
   * Runs batches until the query ends, is cancelled or fails, then closes the sink, operators and
   * sources; leaves ending the query to the caller, which may retry a persistent one.
   */
  Outcome runToEnd() {
    Thread.currentThread().setName("sluice-query-" + query.id());
    QueryState endState = QueryState.FINISHED;
    Throwable failure = null;
    long batchesBefore = batchesRun.get();
    try {
      if (!runBatches()) {
        endState = QueryState.CANCELLED;
      }
      query.output().finish();
    } catch (InterruptedException e) {
      endState = QueryState.CANCELLED;
      query.output().finish();
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      endState = QueryState.FAILED;
      failure = e;
      LOG.warn(
          "Query {} failed: {}",
          query.id(),
          Failures.describe(e),
          e instanceof SluiceException ? null : e);
      query.output().fail(e);
    } finally {
      budget.release(query.id());
      closeAll();
    }
    return new Outcome(endState, failure, batchesRun.get() - batchesBefore);
  }

  /** Returns false if cancelled, true if the query ended by itself. */
  private boolean runBatches() throws InterruptedException {
    Trigger trigger = query.trigger();
    List<SourceOffset> offsets = new ArrayList<>();
    for (StreamSource source : sources) {
      offsets.add(source.initialOffset());
    }
    if (durability != null) {
      offsets = recover(offsets);
    }
    if (trigger.isContinuous()) {
      return runContinuous(trigger, offsets);
    }
    long previousStart = System.currentTimeMillis();
    boolean noSources = sources.isEmpty();
    while (!query.isCancelled()) {
      long start = System.currentTimeMillis();
      List<SourceOffset> ends =
          trigger.kind() == Trigger.Kind.ONCE ? drainedOffsets(offsets) : nextOffsets(offsets);
      boolean hasData = noSources && batchId == 0 || !sameOffsets(ends, offsets);
      if (!hasData) {
        if (trigger.endsWhenCaughtUp() || allExhausted(offsets)) {
          if (query.isPush() && streamsExhausted(offsets) && watermark != Long.MAX_VALUE) {
            // Finite streams that have ended move the watermark to the end of time, as Flink's
            // bounded sources do: every window closes and the query's output is complete. A
            // table read beside them (no watermark of its own) does not hold them back.
            recordOffsets(offsets, offsets, Long.MAX_VALUE, start);
            if (!runBatch(start, previousStart, emptyInputs(), Long.MAX_VALUE, false)) {
              return false;
            }
          }
          return finish(start);
        }
        long advanced = WatermarkTracker.combine(activeTrackers(), watermark, start);
        // Idle sources move the watermark with the wall clock; one batch a second is enough to
        // close windows without filling the progress log with empty batches.
        // Windows over processing time close on the wall clock, input or not.
        boolean timerDue = processingTimer() <= start;
        if ((advanced > watermark || timerDue)
            && start - previousStart >= IDLE_BATCH_INTERVAL_MILLIS) {
          recordOffsets(offsets, offsets, advanced, start);
          if (!runBatch(start, previousStart, emptyInputs(), advanced, false)) {
            return false;
          }
          previousStart = start;
          if (finished()) {
            return finish(System.currentTimeMillis());
          }
          continue;
        }
        if (!idle(trigger, offsets)) {
          return false;
        }
        continue;
      }
      // read before the offsets are recorded: they record the watermark the batch ends with, which
      // the rows read move (and an idle source's wall clock), so a replay ends where this run did
      List<List<Batch>> inputs = read(offsets, ends, start);
      long after = WatermarkTracker.combine(activeTrackers(), watermark, start);
      recordOffsets(offsets, ends, after, start);
      writeLateRows();
      if (!runBatch(start, previousStart, inputs, after, false)) {
        return false;
      }
      acknowledge(ends);
      offsets = ends;
      previousStart = start;
      if (finished() || trigger.kind() == Trigger.Kind.ONCE || noSources) {
        return finish(System.currentTimeMillis());
      }
      if (trigger.kind() == Trigger.Kind.PROCESSING_TIME) {
        long wait = start + trigger.interval().toMillis() - System.currentTimeMillis();
        if (wait > 0 && !sleep(wait)) {
          return false;
        }
      }
    }
    return false;
  }

  /**
   * The continuous trigger: small batches of whatever arrived, one after the other with no trigger
   * wait (between them the driver waits on the sources only while none has data), each handed on at
   * once to the client or staged for the sink. Every epoch (the trigger's interval) the offsets it
   * read, the state after it and the sink's commit of its output are checkpointed as one batch
   * whose id is the epoch's; a crash replays the epoch whole from its starting offsets ({@link
   * #recover}). Returns false if cancelled, true if the query ended by itself.
   */
  private boolean runContinuous(Trigger trigger, List<SourceOffset> initial)
      throws InterruptedException {
    long epochMillis = trigger.interval().toMillis();
    List<SourceOffset> offsets = initial;
    if (durability != null && durability.commitsBehind()) {
      committer = new EpochCommitter(query.id());
    }
    while (!query.isCancelled()) {
      long epochStart = System.currentTimeMillis();
      ContinuousEpoch epoch = new ContinuousEpoch(batchId, epochStart, offsets, watermark);
      // the epoch is one batch in the checkpoint: its models are pinned for all of it
      pinModels(Map.of());
      long epochEnd = epochStart + epochMillis;
      boolean ended = false;
      while (!query.isCancelled()) {
        if (committer != null) {
          committer.rethrowFailure();
        }
        long now = System.currentTimeMillis();
        // while the previous epoch still commits, this one goes on: rows keep flowing
        if (now >= epochEnd && (committer == null || !committer.busy())) {
          break;
        }
        List<SourceOffset> ends = arrivedOffsets(offsets);
        if (sameOffsets(ends, offsets)) {
          if (allExhausted(offsets)) {
            ended = true;
            break;
          }
          awaitInput(offsets, Math.max(1, epochEnd - now));
          continue;
        }
        List<List<Batch>> inputs = read(offsets, ends, now);
        long after = WatermarkTracker.combine(activeTrackers(), watermark, now);
        // the epoch's rows all run at its start, as its replay (one batch) does: PROCTIME() and
        // state keyed on it come out the same
        List<MicroBatch> microBatches = microBatches(inputs, after, false, epochStart);
        Batch output = process(microBatches, epochStart);
        watermark = after;
        offsets = ends;
        if (durability != null && durability.streams()) {
          if (output.rowCount() > 0) {
            durability.stream(epoch.id(), output);
          }
        } else if (durability != null) {
          epoch.stage(output);
        } else if (output.rowCount() > 0
            && !query.output().put(changelog.apply(output, epoch.id()), query::isCancelled)) {
          return false;
        }
        epoch.add(inputRows(microBatches), output, System.currentTimeMillis() - now);
        if (finished()) {
          ended = true;
          break;
        }
      }
      if (query.isCancelled()) {
        // an epoch cut short is not committed: a restart reads it again from its start
        return false;
      }
      closeEpoch(epoch, offsets);
      if (ended) {
        if (committer != null) {
          committer.awaitPending();
        }
        if (!finished() && query.isPush() && watermark != Long.MAX_VALUE) {
          // finite streams that ended close every window, as in micro-batch mode
          long now = System.currentTimeMillis();
          recordOffsets(offsets, offsets, Long.MAX_VALUE, now);
          if (!runBatch(now, epochStart, emptyInputs(), Long.MAX_VALUE, false)) {
            return false;
          }
        }
        return finish(System.currentTimeMillis());
      }
    }
    return false;
  }

  /**
   * Ends an epoch: records its offsets, has the sink write and commit its output, writes the state
   * and the commit (persistent queries), and records its progress. An epoch in which nothing
   * arrived leaves no trace. With a {@link #committer}, the checkpoint and the sink's commit run on
   * its thread while the next epoch flows; what they need is taken here, at the epoch's end, and
   * the epoch counts as run (progress, {@link #batchesRun}) once its commit succeeded.
   */
  private void closeEpoch(ContinuousEpoch epoch, List<SourceOffset> ends)
      throws InterruptedException {
    if (epoch.isEmpty() && sameOffsets(epoch.starts(), ends)) {
      return;
    }
    if (durability == null) {
      query.recordProgress(progress(epoch, System.currentTimeMillis()));
      batchId++;
      batchesRun.incrementAndGet();
      return;
    }
    BatchOffsets batchOffsets =
        offsetsRecord(
            epoch.id(),
            epoch.starts(),
            ends,
            epoch.watermarkBefore(),
            watermark,
            epoch.startedAt());
    BatchCommit commit = commitRecord(epoch.id(), watermark);
    if (committer != null) {
      byte[] state = states.snapshot();
      durability.prepareCommit(epoch.id());
      BatchProgress progress = progress(epoch, System.currentTimeMillis());
      committer.submit(
          () -> {
            durability.writeOffsets(batchOffsets);
            CrashPoints.check("after-offsets", epoch.id());
            query.recordSinkCommit(durability.commitSink(epoch.id()));
          },
          () -> {
            durability.checkpoint(epoch.id(), commit, state);
            acknowledge(ends);
            query.recordProgress(progress);
            batchesRun.incrementAndGet();
          });
    } else {
      durability.writeOffsets(batchOffsets);
      CrashPoints.check("after-offsets", epoch.id());
      query.recordSinkCommit(
          durability.streams()
              ? durability.commitStreamed(epoch.id(), commit, states)
              : durability.deliver(epoch.id(), epoch.output(), commit, states));
      acknowledge(ends);
      query.recordProgress(progress(epoch, System.currentTimeMillis()));
      batchesRun.incrementAndGet();
    }
    batchId++;
  }

  /** The progress of an epoch that ended (or was handed to the committer) at {@code end}. */
  private BatchProgress progress(ContinuousEpoch epoch, long end) {
    long duration = Math.max(1, end - epoch.startedAt());
    return new BatchProgress(
        query.id(),
        epoch.id(),
        epoch.startedAt(),
        duration,
        epoch.inputRows(),
        epoch.outputRows(),
        epoch.inputRows() * 1000.0 / duration,
        epoch.inputRows() * 1000.0 / Math.max(1, epoch.busyMillis()),
        badRecords(),
        watermark == MicroBatch.NO_WATERMARK ? null : watermark,
        stateRows(),
        stateBytes(end),
        lateRows() + divertedLateRows,
        modelVersionsText());
  }

  /**
   * Between small batches, while no source has data: waits on the one source until it may have some
   * (a source that is told of new rows returns at once), or polls every few milliseconds when there
   * are several.
   */
  private void awaitInput(List<SourceOffset> offsets, long leftMillis) throws InterruptedException {
    long wait = Math.max(1, Math.min(leftMillis, CONTINUOUS_MAX_WAIT_MILLIS));
    if (sources.size() == 1) {
      sources.get(0).awaitData(offsets.get(0), wait);
    } else {
      // without waiting: a source that fetches while it waits (Kafka's consumers) fetches now
      for (int i = 0; i < sources.size(); i++) {
        sources.get(i).awaitData(offsets.get(i), 0);
      }
      Thread.sleep(Math.min(wait, CONTINUOUS_POLL_MILLIS));
    }
  }

  /**
   * Reads the batch's rows, each subtask its splits of every source at once: the rows of each
   * subtask, per source. A source that cannot be split is read whole by subtask 0.
   */
  private List<List<Batch>> read(List<SourceOffset> starts, List<SourceOffset> ends, long now)
      throws InterruptedException {
    int parallelism = subtasks.parallelism();
    List<List<Batch>> inputs =
        subtasks.runAll(
            subtask -> {
              List<Batch> rows = new ArrayList<>(sources.size());
              for (int i = 0; i < sources.size(); i++) {
                StreamSource source = sources.get(i);
                if (parallelism > 1 && source.isSplittable()) {
                  rows.add(source.read(starts.get(i), ends.get(i), subtask, parallelism));
                } else if (subtask == 0) {
                  rows.add(source.read(starts.get(i), ends.get(i)));
                } else {
                  rows.add(emptyBatches.get(i));
                }
              }
              return rows;
            });
    List<List<Batch>> result = new ArrayList<>();
    for (List<Batch> subtaskRows : inputs) {
      result.add(new ArrayList<>(subtaskRows));
    }
    for (int i = 0; i < sources.size(); i++) {
      if (lateSinks.get(i) != null) {
        // late rows go to their stream in one write per batch; the rest stay on subtask 0
        List<Batch> splits = new ArrayList<>();
        for (List<Batch> subtaskRows : result) {
          splits.add(subtaskRows.get(i));
          subtaskRows.set(i, emptyBatches.get(i));
        }
        result.get(0).set(i, divertLate(Batches.concat(splits), i));
      }
      if (trackers.get(i) != null) {
        for (List<Batch> subtaskRows : result) {
          trackers.get(i).observe(subtaskRows.get(i), now);
        }
      }
    }
    return result;
  }

  /**
   * ON LATE INTO: rows older than the watermark leave the query here and go, as they were read, to
   * the late stream (committed with the batch id, so a replay does not write them twice).
   */
  private Batch divertLate(Batch rows, int source) {
    int timeColumn = watermarkColumns.get(source);
    io.sluice.spi.batch.LongVector time = (io.sluice.spi.batch.LongVector) rows.column(timeColumn);
    int[] onTime = new int[rows.rowCount()];
    int[] late = new int[rows.rowCount()];
    int kept = 0;
    int diverted = 0;
    for (int row = 0; row < rows.rowCount(); row++) {
      if (!time.isNull(row) && time.get(row) < watermark) {
        late[diverted++] = row;
      } else {
        onTime[kept++] = row;
      }
    }
    if (diverted == 0) {
      return rows;
    }
    lateRowsRead.put(source, Batches.select(rows, late, diverted));
    return Batches.select(rows, onTime, kept);
  }

  /**
   * Writes the late rows read for the batch to their streams, after its offsets are recorded: a
   * batch committed there is the one a replay reads again.
   */
  private void writeLateRows() {
    for (Map.Entry<Integer, Batch> late : lateRowsRead.entrySet()) {
      io.sluice.spi.connector.StreamSink sink = lateSinks.get(late.getKey());
      sink.write(batchId, late.getValue());
      sink.commit(batchId);
      divertedLateRows += late.getValue().rowCount();
    }
    lateRowsRead.clear();
  }

  /**
   * Pins the models' versions for batch N and writes {@code offsets/N}, with those versions and the
   * watermark N ends with, once N's rows are read and before anything of N is written anywhere
   * (persistent queries only).
   */
  private void recordOffsets(
      List<SourceOffset> starts, List<SourceOffset> ends, long after, long processingTime) {
    pinModels(Map.of());
    if (durability != null) {
      durability.writeOffsets(
          offsetsRecord(batchId, starts, ends, watermark, after, processingTime));
      CrashPoints.check("after-offsets", batchId);
    }
  }

  /**
   * What {@code offsets/N} records for batch {@code batch}: its source offsets, the watermarks it
   * starts from and ends with, the models' pinned versions and the wall clock it runs at.
   */
  private BatchOffsets offsetsRecord(
      long batch,
      List<SourceOffset> starts,
      List<SourceOffset> ends,
      long before,
      long after,
      long processingTime) {
    return new BatchOffsets(
        batch, json(starts), json(ends), before, modelVersions, after, processingTime);
  }

  /**
   * Pins each model to the version {@code recorded} names for it (a replayed batch), or else to the
   * model's current version: a new version of a model takes over here, between batches.
   */
  private void pinModels(Map<String, String> recorded) {
    if (models.isEmpty()) {
      modelsPinnedFor = batchId;
      return;
    }
    Map<String, String> versions = new LinkedHashMap<>();
    for (ModelBinding model : models) {
      // every subtask has its own binding of a model; all score with the version pinned first
      String version = recorded.getOrDefault(model.id(), versions.get(model.id()));
      if (version == null) {
        version = model.pinCurrent();
      } else {
        model.pin(version);
      }
      versions.put(model.id(), version);
    }
    modelVersions = versions;
    modelsPinnedFor = batchId;
  }

  /** The pinned versions as progress shows them: {@code name=hash}, each model once. */
  private String modelVersionsText() {
    if (models.isEmpty()) {
      return null;
    }
    Set<String> texts = new LinkedHashSet<>();
    for (ModelBinding model : models) {
      texts.add(model.model() + "=" + modelVersions.get(model.id()));
    }
    return String.join(", ", texts);
  }

  private static List<String> json(List<SourceOffset> offsets) {
    List<String> result = new ArrayList<>();
    for (SourceOffset offset : offsets) {
      result.add(offset.toJson());
    }
    return result;
  }

  private List<SourceOffset> parse(List<String> json) {
    if (json.size() != sources.size()) {
      // offsets are positional: a plan reading its sources otherwise cannot resume them
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Checkpoint "
              + durability.log().directory()
              + " holds offsets of "
              + json.size()
              + " source(s), but query "
              + query.id()
              + " reads "
              + sources.size()
              + ": it was written by another plan of the query; drop and create it again to"
              + " start afresh");
    }
    List<SourceOffset> result = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      StreamSource source = sources.get(i);
      result.add(
          source.restartsFromScratch() ? source.initialOffset() : source.parseOffset(json.get(i)));
    }
    return result;
  }

  /**
   * Resumes from the checkpoint: restores the state after the newest intact committed batch, then
   * re-runs the batches recorded after it, each with exactly its recorded offsets (the one whose
   * offsets were recorded but which never committed, and, after falling back past a damaged
   * checkpoint, the committed ones after the batch restored: sinks take each batch id once, so
   * these only rebuild the state). Returns the offsets the next batch starts from.
   */
  private List<SourceOffset> recover(List<SourceOffset> initial) throws InterruptedException {
    CheckpointLog log = durability.log();
    ResumePoint resume = log.resumePoint(durability.resumeNoLaterThan());
    resume
        .fellBackFrom()
        .ifPresent(
            damage ->
                LOG.warn(
                    "Query {}: {}; it resumes from {} and replays {} batch(es) instead",
                    query.id(),
                    damage.file() + " is damaged (" + damage.problem() + ")",
                    resume.commit() == null
                        ? "the start"
                        : "committed batch " + resume.commit().batchId(),
                    resume.replay().size()));
    List<SourceOffset> offsets = initial;
    if (resume.commit() != null) {
      states.restore(resume.state(), "query " + query.id() + " (" + log.directory() + ")");
      offsets = parse(resume.offsets().end());
      // the last run may have died between commits/N and acknowledging it
      acknowledge(offsets);
      watermark = resume.commit().watermark();
      restoreEventTimes(resume.commit().sourceEventTimes());
      batchId = resume.commit().batchId() + 1;
    }
    List<BatchOffsets> replays = resume.replay();
    for (int i = 0; i < replays.size(); i++) {
      BatchOffsets replay = replays.get(i);
      LOG.info("Query {} replays batch {}", query.id(), replay.batchId());
      batchId = replay.batchId();
      watermark = replay.watermark();
      List<SourceOffset> starts = parse(replay.start());
      List<SourceOffset> ends = parse(replay.end());
      pinModels(replay.models());
      long now = System.currentTimeMillis();
      List<List<Batch>> inputs = read(starts, ends, now);
      writeLateRows();
      long after = replayedEnd(replays, i, now);
      runBatch(
          now,
          now,
          inputs,
          after,
          false,
          replay.processingTime() == null ? now : replay.processingTime());
      acknowledge(ends);
      offsets = ends;
    }
    return offsets;
  }

  /**
   * The watermark replayed batch {@code i} ends with: the one the first run ended it with, which
   * its offsets record; for offsets written before they did, what the trackers (restored from the
   * commit resumed from) give, and at least the start of the batch recorded after it. The replay
   * runs at another time, so an idle source (whose watermark follows the wall clock) would move the
   * watermark elsewhere than the first run did, and the rebuilt state fire again, or never, windows
   * whose results the sink holds.
   */
  private long replayedEnd(List<BatchOffsets> replays, int i, long now) {
    BatchOffsets replay = replays.get(i);
    if (replay.watermarkAfter() != null) {
      return replay.watermarkAfter();
    }
    long end = WatermarkTracker.combine(activeTrackers(), watermark, now);
    if (i + 1 < replays.size()) {
      end = Math.max(end, replays.get(i + 1).watermark());
    }
    return end;
  }

  /** What {@code commits/N} records: the watermark after N and each source's event time. */
  private BatchCommit commitRecord(long batch, long after) {
    List<Long> eventTimes = new ArrayList<>(trackers.size());
    for (WatermarkTracker tracker : trackers) {
      eventTimes.add(tracker == null ? null : tracker.maxEventTime());
    }
    return new BatchCommit(batch, after, eventTimes);
  }

  /**
   * Sets each source's tracker to the event time recorded with the commit resumed from: a source
   * that delivers nothing after the restart holds the watermark where it did, not at its start.
   */
  private void restoreEventTimes(List<Long> eventTimes) {
    if (eventTimes == null || eventTimes.size() != trackers.size()) {
      return;
    }
    for (int i = 0; i < trackers.size(); i++) {
      if (trackers.get(i) != null && eventTimes.get(i) != null) {
        trackers.get(i).restore(eventTimes.get(i));
      }
    }
  }

  /**
   * Tells the sources of a persistent query that the batch reading up to {@code ends} is committed,
   * so reliable sources acknowledge upstream only what the checkpoint holds.
   */
  private void acknowledge(List<SourceOffset> ends) {
    if (durability == null) {
      return;
    }
    for (int i = 0; i < sources.size(); i++) {
      try {
        sources.get(i).batchCommitted(query.id(), ends.get(i));
      } catch (RuntimeException e) {
        LOG.warn("Query {}: a source failed to acknowledge a committed batch", query.id(), e);
      }
    }
  }

  /**
   * Ends the query. A snapshot query runs one last batch marked end-of-input so its stateful
   * operators emit what they hold (every window closes once the input is exhausted).
   */
  private boolean finish(long now) throws InterruptedException {
    if (query.isPush()) {
      return true;
    }
    return runBatch(now, now, emptyInputs(), Long.MAX_VALUE, true);
  }

  private boolean runBatch(
      long start, long previousStart, List<List<Batch>> inputs, long after, boolean endOfInput)
      throws InterruptedException {
    return runBatch(start, previousStart, inputs, after, endOfInput, start);
  }

  /**
   * Runs batch {@link #batchId}, started at {@code start}, over {@code inputs}, ending at watermark
   * {@code after}; {@code processingTime} is what PROCTIME() and the operators' timers see (a
   * replay's is the first run's).
   */
  private boolean runBatch(
      long start,
      long previousStart,
      List<List<Batch>> inputs,
      long after,
      boolean endOfInput,
      long processingTime)
      throws InterruptedException {
    if (modelsPinnedFor != batchId) {
      pinModels(Map.of());
    }
    List<MicroBatch> microBatches = microBatches(inputs, after, endOfInput, processingTime);
    Batch output = process(microBatches, processingTime);
    if (durability != null) {
      query.recordSinkCommit(
          durability.deliver(batchId, output, commitRecord(batchId, after), states));
    } else if (!query
        .output()
        .put(
            output.rowCount() == 0 ? output : changelog.apply(output, batchId),
            query::isCancelled)) {
      return false;
    }
    watermark = after;
    long end = System.currentTimeMillis();
    query.recordProgress(progress(batchId, start, end, previousStart, microBatches, output));
    batchId++;
    batchesRun.incrementAndGet();
    return true;
  }

  private List<MicroBatch> microBatches(
      List<List<Batch>> inputs, long after, boolean endOfInput, long start) {
    List<MicroBatch> microBatches = new ArrayList<>(inputs.size());
    for (List<Batch> subtaskInputs : inputs) {
      microBatches.add(new MicroBatch(batchId, subtaskInputs, watermark, after, endOfInput, start));
    }
    return microBatches;
  }

  /**
   * Runs every subtask's operators over its part of a batch; their outputs, one after the other.
   * Fails the query, before anything of the batch commits, when its state is over budget.
   */
  private Batch process(List<MicroBatch> microBatches, long start) throws InterruptedException {
    context.startBatch(start);
    // each key's rows come out of one subtask, in order; the subtasks' outputs follow each other
    Batch output =
        Batches.concat(
            subtasks.runAll(
                subtask -> {
                  Batch rows = roots.get(subtask).next(microBatches.get(subtask));
                  // a query's output is read whole (by a client, a sink, a view): deferred
                  // columns are built here, on the subtask's thread, and hold no operator's
                  // state while the output waits to be read
                  rows.columns();
                  return rows;
                }));
    if (budget.isLimited()) {
      // before the batch commits: a query over its budget resumes from before the batch
      budget.check(query.id(), stateBytes(System.currentTimeMillis()), stateRows());
    }
    return output;
  }

  private static long inputRows(List<MicroBatch> microBatches) {
    long rows = 0;
    for (MicroBatch microBatch : microBatches) {
      rows += microBatch.inputRowCount();
    }
    return rows;
  }

  private long badRecords() {
    long total = 0;
    for (SourceMetrics metric : metrics) {
      total += metric.badRecords();
    }
    return total;
  }

  /** The earliest wall-clock time an operator needs a batch at, even without input. */
  private long processingTimer() {
    long timer = Long.MAX_VALUE;
    for (StatefulOperator stateful : states.operators()) {
      timer = Math.min(timer, stateful.operator().nextProcessingTimer());
    }
    return timer;
  }

  private List<List<Batch>> emptyInputs() {
    List<List<Batch>> inputs = new ArrayList<>();
    for (int subtask = 0; subtask < roots.size(); subtask++) {
      inputs.add(emptyBatches);
    }
    return inputs;
  }

  /**
   * Whether the query's result is complete: its root finished on every subtask, or on subtask 0
   * where all its rows come out there.
   */
  private boolean finished() {
    if (singleRoot) {
      return roots.get(0).isFinished();
    }
    for (Operator root : roots) {
      if (!root.isFinished()) {
        return false;
      }
    }
    return true;
  }

  private long stateRows() {
    long rows = 0;
    for (Operator root : roots) {
      rows += root.stateRows();
    }
    return rows;
  }

  private long lateRows() {
    long rows = 0;
    for (Operator root : roots) {
      rows += root.lateRows();
    }
    return rows;
  }

  private List<WatermarkTracker> activeTrackers() {
    List<WatermarkTracker> active = new ArrayList<>();
    for (WatermarkTracker tracker : trackers) {
      if (tracker != null) {
        active.add(tracker);
      }
    }
    return active;
  }

  private List<SourceOffset> nextOffsets(List<SourceOffset> offsets) {
    List<SourceOffset> ends = new ArrayList<>(offsets.size());
    for (int i = 0; i < sources.size(); i++) {
      ends.add(sources.get(i).latestOffset(offsets.get(i)));
    }
    return ends;
  }

  /** What already arrived at each source: the continuous trigger's next small batch. */
  private List<SourceOffset> arrivedOffsets(List<SourceOffset> offsets) {
    List<SourceOffset> ends = new ArrayList<>(offsets.size());
    for (int i = 0; i < sources.size(); i++) {
      ends.add(sources.get(i).arrivedOffset(offsets.get(i)));
    }
    return ends;
  }

  /** Everything available now, ignoring per-trigger limits: what a once trigger reads. */
  private List<SourceOffset> drainedOffsets(List<SourceOffset> offsets) {
    List<SourceOffset> ends = new ArrayList<>(offsets.size());
    for (int i = 0; i < sources.size(); i++) {
      SourceOffset current = offsets.get(i);
      SourceOffset next = sources.get(i).latestOffset(current);
      while (!SourceOffset.samePosition(next, current)) {
        current = next;
        next = sources.get(i).latestOffset(current);
      }
      ends.add(current);
    }
    return ends;
  }

  /** Whether each source is at the same position in both: what the checkpoint would record. */
  private static boolean sameOffsets(List<SourceOffset> a, List<SourceOffset> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!SourceOffset.samePosition(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every source with a watermark has ended (or, with none, every source): what moves the
   * watermark to the end of time once the query has caught up.
   */
  private boolean streamsExhausted(List<SourceOffset> offsets) {
    boolean anyStream = false;
    for (int i = 0; i < sources.size(); i++) {
      if (trackers.get(i) != null) {
        anyStream = true;
        if (!sources.get(i).isExhausted(offsets.get(i))) {
          return false;
        }
      }
    }
    return anyStream || allExhausted(offsets);
  }

  private boolean allExhausted(List<SourceOffset> offsets) {
    if (sources.isEmpty()) {
      return true;
    }
    for (int i = 0; i < sources.size(); i++) {
      if (!sources.get(i).isExhausted(offsets.get(i))) {
        return false;
      }
    }
    return true;
  }

  private BatchProgress progress(
      long batchId,
      long start,
      long end,
      long previousStart,
      List<MicroBatch> inputs,
      Batch output) {
    MicroBatch input = inputs.get(0);
    long inputRows = 0;
    for (MicroBatch subtaskInput : inputs) {
      inputRows += subtaskInput.inputRowCount();
    }
    long duration = Math.max(0, end - start);
    long sincePrevious = Math.max(1, end - previousStart);
    long badRecords = 0;
    for (SourceMetrics metric : metrics) {
      badRecords += metric.badRecords();
    }
    return new BatchProgress(
        query.id(),
        batchId,
        start,
        duration,
        inputRows,
        output.rowCount(),
        inputRows * 1000.0 / sincePrevious,
        inputRows * 1000.0 / Math.max(1, duration),
        badRecords,
        input.watermarkAfter() == MicroBatch.NO_WATERMARK || input.endOfInput()
            ? null
            : input.watermarkAfter(),
        stateRows(),
        stateBytes(end),
        lateRows() + divertedLateRows,
        modelVersionsText());
  }

  /**
   * Estimated state bytes, recomputed at most once a second: the estimate walks every group, too
   * costly to repeat for each of many small batches.
   */
  private long stateBytes(long now) {
    // Counting bytes walks the state, so it is done at most once a second, unless the state's
    // rows (a cheap count) grew by a tenth since: fast batches must not outrun a state budget.
    long rows = stateRows();
    if (now - stateBytesAt >= STATE_BYTES_INTERVAL_MILLIS
        || stateBytesAt == 0
        || rows > stateRowsAtRefresh + stateRowsAtRefresh / 10) {
      long bytes = 0;
      for (Operator root : roots) {
        bytes += root.stateBytes();
      }
      stateBytes = bytes;
      stateBytesAt = now;
      stateRowsAtRefresh = rows;
    }
    return stateBytes;
  }

  /** Sleeps in short steps so cancellation is noticed quickly; false if cancelled. */
  /**
   * Waits while no source has new data, at most the idle-poll interval: on the one source when it
   * signals data and the trigger starts batches as soon as it can, else by sleeping. Returns false
   * if cancelled.
   */
  private boolean idle(Trigger trigger, List<SourceOffset> offsets) throws InterruptedException {
    if (trigger.kind() == Trigger.Kind.DEFAULT
        && sources.size() == 1
        && sources.get(0).signalsData()) {
      sources.get(0).awaitData(offsets.get(0), idlePoll.toMillis());
      return !query.isCancelled();
    }
    return sleep(idlePoll.toMillis());
  }

  private boolean sleep(long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!query.isCancelled()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return true;
      }
      Thread.sleep(Math.min(left, 50));
    }
    return false;
  }

  private void closeAll() {
    if (committer != null) {
      committer.close();
    }
    if (durability != null) {
      try {
        durability.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing the sink of query {} failed", query.id(), e);
      }
    }
    for (Operator root : roots) {
      try {
        root.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing operators of query {} failed", query.id(), e);
      }
    }
    subtasks.close();
    for (StreamSource source : sources) {
      try {
        source.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing a source of query {} failed", query.id(), e);
      }
    }
  }
}
