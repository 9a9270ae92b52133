package io.sluice.connector.datagen;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.SourceOptions;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;

/**
 * Generates rows at a fixed rate ({@code 'connector' = 'datagen', 'kind' = 'rate'}), like Spark's
 * rate source: {@code rows-per-second} (default 1) rows become due per second of wall time since
 * the first offset was created, optionally stopping after {@code number-of-rows}.
 *
 * <p>Row {@code n} (from 0) is a pure function of {@code n}, the start time and the rate, so
 * replaying an offset range regenerates it exactly. Per declared column type: integer columns
 * {@code n} (wrapped to the type's width), REAL/DOUBLE/DECIMAL {@code n}, VARCHAR {@code "row-n"},
 * BOOLEAN {@code n % 2 == 0}, TIMESTAMP {@code start + n * 1000 / rate} millis, DATE and TIME the
 * date and time of day of that timestamp (UTC).
 */
public final class RateSource implements StreamSource {
  public static final String ROWS_PER_SECOND_OPTION = "rows-per-second";
  public static final String NUMBER_OF_ROWS_OPTION = "number-of-rows";

  /**
   * Most rows one offset step may add: a batch is held in memory and indexed by int, so after a
   * long pause (e.g. a restart) the backlog is caught up over several batches instead of one.
   */
  public static final long MAX_ROWS_PER_BATCH = 1L << 20;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final List<Column> columns;
  private final long rowsPerSecond;
  private final OptionalLong numberOfRows;
  private final Clock clock;
  private final SourceMetrics metrics;
  private RateOffset initialOffset;

  /**
   * A source paced by {@code clock}.
   *
   * @throws IllegalArgumentException for an invalid option
   */
  public RateSource(SourceContext context, Clock clock) {
    requireNonNull(context, "context is null");
    // each column is a function of the row number and its own type alone
    this.columns = context.projectedColumns();
    this.rowsPerSecond = SourceOptions.positiveLong(context, ROWS_PER_SECOND_OPTION, 1);
    this.numberOfRows = SourceOptions.positiveLong(context, NUMBER_OF_ROWS_OPTION);
    this.clock = requireNonNull(clock, "clock is null");
    this.metrics = context.metrics();
  }

  /** A source paced by the system clock. */
  public RateSource(SourceContext context) {
    this(context, Clock.systemUTC());
  }

  /** Starts the clock: the first call fixes the start time, later calls return the same offset. */
  @Override
  public synchronized RateOffset initialOffset() {
    if (initialOffset == null) {
      initialOffset = new RateOffset(clock.millis(), 0);
    }
    return initialOffset;
  }

  @Override
  public RateOffset latestOffset(SourceOffset start) {
    RateOffset from = cast(start);
    long elapsed = Math.max(0, clock.millis() - from.startMillis());
    long due =
        elapsed > Long.MAX_VALUE / rowsPerSecond ? Long.MAX_VALUE : elapsed * rowsPerSecond / 1000;
    if (numberOfRows.isPresent()) {
      due = Math.min(due, numberOfRows.getAsLong());
    }
    due = Math.min(due, from.rows() + MAX_ROWS_PER_BATCH);
    return due <= from.rows() ? from : new RateOffset(from.startMillis(), due);
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end) {
    RateOffset from = cast(start);
    RateOffset to = cast(end);
    if (from.startMillis() != to.startMillis()) {
      throw new IllegalArgumentException(
          "Offsets of different runs: started at "
              + from.startMillis()
              + " and "
              + to.startMillis());
    }
    long count = to.rows() - from.rows();
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Cannot read from row " + from.rows() + " to row " + to.rows());
    }
    return generate(from.startMillis(), from.rows(), (int) count);
  }

  /** Rows are split into consecutive ranges, one per split. */
  @Override
  public boolean isSplittable() {
    return true;
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end, int split, int splits) {
    RateOffset from = cast(start);
    RateOffset to = cast(end);
    long count = to.rows() - from.rows();
    long first = from.rows() + count * split / splits;
    long last = from.rows() + count * (split + 1) / splits;
    return read(new RateOffset(from.startMillis(), first), new RateOffset(to.startMillis(), last));
  }

  private Batch generate(long startMillis, long first, int count) {
    ColumnVector[] vectors = new ColumnVector[columns.size()];
    for (int c = 0; c < vectors.length; c++) {
      vectors[c] = generate(columns.get(c), startMillis, first, count);
    }
    metrics.recordRowsRead(count);
    return new Batch(vectors, count);
  }

  @Override
  public RateOffset parseOffset(String json) {
    return RateOffset.fromJson(json);
  }

  @Override
  public boolean isExhausted(SourceOffset offset) {
    return numberOfRows.isPresent() && cast(offset).rows() >= numberOfRows.getAsLong();
  }

  /** Rows {@code first .. first+count-1} of one column, filled column-wise. */
  private ColumnVector generate(Column column, long startMillis, long first, int count) {
    switch (column.type()) {
      case BOOLEAN:
        {
          LongVector vector = new LongVector(count);
          long[] values = vector.values();
          for (int i = 0; i < count; i++) {
            values[i] = (first + i) % 2 == 0 ? 1 : 0;
          }
          return vector;
        }
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        {
          LongVector vector = new LongVector(count);
          long[] values = vector.values();
          for (int i = 0; i < count; i++) {
            values[i] = first + i;
          }
          wrapToWidth(column, values, count);
          return vector;
        }
      case REAL:
      case DOUBLE:
        {
          DoubleVector vector = new DoubleVector(count);
          double[] values = vector.values();
          boolean real = column.type() == ColumnType.REAL;
          for (int i = 0; i < count; i++) {
            double n = first + i;
            values[i] = real ? (float) n : n;
          }
          return vector;
        }
      case DECIMAL:
        {
          ObjectVector vector = new ObjectVector(count);
          Object[] values = vector.values();
          int scale = Math.max(0, column.scale());
          for (int i = 0; i < count; i++) {
            values[i] = BigDecimal.valueOf(first + i).setScale(scale);
          }
          return vector;
        }
      case VARCHAR:
        {
          ObjectVector vector = new ObjectVector(count);
          Object[] values = vector.values();
          for (int i = 0; i < count; i++) {
            values[i] = "row-" + (first + i);
          }
          return vector;
        }
      case TIMESTAMP:
      case DATE:
      case TIME:
        {
          LongVector vector = new LongVector(count);
          long[] values = vector.values();
          for (int i = 0; i < count; i++) {
            values[i] = startMillis + (first + i) * 1000 / rowsPerSecond;
          }
          if (column.type() == ColumnType.DATE) {
            for (int i = 0; i < count; i++) {
              values[i] = Math.floorDiv(values[i], MILLIS_PER_DAY);
            }
          } else if (column.type() == ColumnType.TIME) {
            for (int i = 0; i < count; i++) {
              values[i] = Math.floorMod(values[i], MILLIS_PER_DAY);
            }
          }
          return vector;
        }
      default:
        throw new IllegalStateException("Unhandled column type " + column.type());
    }
  }

  private static void wrapToWidth(Column column, long[] values, int count) {
    switch (column.type()) {
      case TINYINT:
        for (int i = 0; i < count; i++) {
          values[i] = (byte) values[i];
        }
        break;
      case SMALLINT:
        for (int i = 0; i < count; i++) {
          values[i] = (short) values[i];
        }
        break;
      case INTEGER:
        for (int i = 0; i < count; i++) {
          values[i] = (int) values[i];
        }
        break;
      default:
        break;
    }
  }

  private static RateOffset cast(SourceOffset offset) {
    requireNonNull(offset, "offset is null");
    if (!(offset instanceof RateOffset)) {
      throw new IllegalArgumentException("Not a rate offset: " + offset.getClass().getName());
    }
    return (RateOffset) offset;
  }
}
