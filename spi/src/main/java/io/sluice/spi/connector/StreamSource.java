package io.sluice.spi.connector;

import io.sluice.spi.batch.Batch;

/**
 * A replayable source of rows read in micro-batches. The driver asks for the offset of what is
 * available ({@link #latestOffset}), records it, then reads the rows between the previous offset
 * and that one ({@link #read}). Reading the same pair of offsets again yields the same rows, which
 * is what makes replay after a failure exact.
 *
 * <p>Rows come out with the columns of the declared relation, in declaration order, stored as
 * described by {@link io.sluice.spi.type.ColumnType}.
 */
public interface StreamSource extends AutoCloseable {
  /** Offset before any data: the start of the first batch. */
  SourceOffset initialOffset();

  /**
   * Offset up to which data is available now, at most one trigger's worth past {@code start} (e.g.
   * {@code max-files-per-trigger}); equal to {@code start} when nothing is new.
   */
  SourceOffset latestOffset(SourceOffset start);

  /**
   * Offset up to which data past {@code start} has already arrived here (e.g. what a consumer
   * waiting in {@link #awaitData} fetched), found without asking anyone else: the continuous
   * trigger asks this between its small batches, a few hundred times a second. At most one
   * trigger's worth, as {@link #latestOffset}, which the default asks.
   */
  default SourceOffset arrivedOffset(SourceOffset start) {
    return latestOffset(start);
  }

  /** The rows after {@code start} up to and including {@code end}. */
  Batch read(SourceOffset start, SourceOffset end);

  /**
   * Whether {@link #read(SourceOffset, SourceOffset, int, int)} divides a batch's rows among
   * parallel readers (files by file, Kafka by partition, generators by row range); otherwise a
   * parallel query reads the whole batch on one reader.
   */
  default boolean isSplittable() {
    return false;
  }

  /**
   * Split {@code split} (from 0) of {@code splits} of the rows after {@code start} up to {@code
   * end}: every row {@link #read(SourceOffset, SourceOffset)} returns is in exactly one split, and
   * reading a split again yields the same rows. Called concurrently for different splits of one
   * batch, only when {@link #isSplittable()}.
   */
  default Batch read(SourceOffset start, SourceOffset end, int split, int splits) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be split");
  }

  /** Rebuilds an offset from {@link SourceOffset#toJson()}. */
  SourceOffset parseOffset(String json);

  /**
   * Whether this source can ever produce more data past {@code offset} (false: bounded and done).
   */
  default boolean isExhausted(SourceOffset offset) {
    return false;
  }

  /**
   * Whether a resumed query reads this source again from its initial offset instead of the
   * checkpointed one: true for bounded tables, whose whole content a query holds in memory.
   */
  default boolean restartsFromScratch() {
    return false;
  }

  /**
   * Called once a persistent query's batch that read up to {@code end} is durably committed (sink
   * and checkpoint): a source that acknowledges upstream (e.g. Kafka's consumer-group offsets) does
   * it here, never earlier. A failure here must not fail the query.
   *
   * @param queryId the persistent query, e.g. to name its consumer group
   */
  default void batchCommitted(String queryId, SourceOffset end) {}

  /**
   * Waits, at most {@code maxWaitMillis}, until data past {@code offset} may be available: the
   * continuous trigger calls this between its small batches while the source has nothing new, so a
   * row is read as soon as it arrives without polling {@link #latestOffset} in a tight loop. A
   * source that is told of new data returns as soon as it comes; the default waits a short poll
   * interval ({@link #CONTINUOUS_POLL_MILLIS}). Returning early is always allowed.
   */
  default void awaitData(SourceOffset offset, long maxWaitMillis) throws InterruptedException {
    Thread.sleep(Math.max(0, Math.min(maxWaitMillis, CONTINUOUS_POLL_MILLIS)));
  }

  /**
   * Whether {@link #awaitData} returns as soon as new data comes (the source is told of it, as an
   * HTTP stream is of each post) instead of after a short poll: the default trigger then waits on
   * it while idle rather than sleeping its idle-poll interval, so a row starts its batch at once.
   * Asked at every idle wait: a source may signal only once it has been read (Kafka's consumers are
   * assigned by the first batch).
   */
  default boolean signalsData() {
    return false;
  }

  /** How often the continuous trigger polls a source that cannot tell it of new data. */
  long CONTINUOUS_POLL_MILLIS = 2;

  @Override
  default void close() {}
}
