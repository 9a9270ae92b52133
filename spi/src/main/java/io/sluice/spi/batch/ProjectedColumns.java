package io.sluice.spi.batch;

import static java.util.Objects.requireNonNull;

/**
 * Columns handed on from another batch, by position, read from it only when asked: a projection (or
 * a calc's pass-through columns) keeps its input's deferred columns deferred.
 */
public final class ProjectedColumns implements DeferredColumns {
  private final Batch source;
  private final int[] sources;

  /**
   * @param source the batch the columns come from
   * @param sources for each column, its position in {@code source}; never read for a column that is
   *     given outright (a calc's computed one, which may say -1)
   */
  public ProjectedColumns(Batch source, int[] sources) {
    this.source = requireNonNull(source, "source is null");
    this.sources = sources.clone();
  }

  @Override
  public ColumnVector column(int column) {
    return source.column(sources[column]);
  }

  @Override
  public ColumnVector gather(int column, int[] rows, int count) {
    return source.gather(sources[column], rows, count);
  }

  /** The source's columns, built or its own: no more than the source batch is kept. */
  @Override
  public boolean isSelfContained(int column) {
    return source.isSelfContained(sources[column]);
  }
}
