package io.sluice.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.StreamSource;
import java.util.List;

/**
 * A source cut down to the columns a query reads, for sources that read whole records anyway
 * (files, Kafka, tables, views): each batch keeps the vectors of those columns, without copying
 * values. Records of line formats are still decoded in full, so whether one is bad does not depend
 * on the query; Parquet reads only the columns the query reads (the others' column chunks are not
 * even read), so a value that does not convert in a column no query reads goes unnoticed.
 */
public final class ProjectedSource implements StreamSource {
  private final StreamSource source;
  private final int[] columns;

  private ProjectedSource(StreamSource source, List<Integer> columns) {
    this.source = requireNonNull(source, "source is null");
    this.columns = columns.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * {@code source}, whose batches hold {@code width} declared columns, reduced to {@code columns};
   * {@code source} itself when that is all of them in order.
   */
  public static StreamSource of(StreamSource source, int width, List<Integer> columns) {
    requireNonNull(columns, "columns is null");
    boolean all = columns.size() == width;
    for (int i = 0; all && i < width; i++) {
      all = columns.get(i) == i;
    }
    return all ? source : new ProjectedSource(source, columns);
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end) {
    return project(source.read(start, end));
  }

  @Override
  public boolean isSplittable() {
    return source.isSplittable();
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end, int split, int splits) {
    return project(source.read(start, end, split, splits));
  }

  @Override
  public void awaitData(SourceOffset offset, long maxWaitMillis) throws InterruptedException {
    source.awaitData(offset, maxWaitMillis);
  }

  @Override
  public boolean signalsData() {
    return source.signalsData();
  }

  private Batch project(Batch full) {
    ColumnVector[] kept = new ColumnVector[columns.length];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = full.column(columns[i]);
    }
    return new Batch(kept, full.rowCount(), full.rowKinds());
  }

  @Override
  public SourceOffset initialOffset() {
    return source.initialOffset();
  }

  @Override
  public SourceOffset latestOffset(SourceOffset start) {
    return source.latestOffset(start);
  }

  @Override
  public SourceOffset arrivedOffset(SourceOffset start) {
    return source.arrivedOffset(start);
  }

  @Override
  public SourceOffset parseOffset(String json) {
    return source.parseOffset(json);
  }

  @Override
  public boolean isExhausted(SourceOffset offset) {
    return source.isExhausted(offset);
  }

  @Override
  public boolean restartsFromScratch() {
    return source.restartsFromScratch();
  }

  @Override
  public void batchCommitted(String queryId, SourceOffset end) {
    source.batchCommitted(queryId, end);
  }

  @Override
  public void close() {
    source.close();
  }
}
