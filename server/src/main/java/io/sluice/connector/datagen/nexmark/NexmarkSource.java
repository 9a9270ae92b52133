package io.sluice.connector.datagen.nexmark;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.SourceOptions;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Nexmark benchmark's events ({@code 'connector' = 'datagen', 'kind' = 'nexmark'}): one kind of
 * event per stream, picked by {@code nexmark.table} ({@code person}, {@code auction} or {@code
 * bid}), out of a global event sequence every such stream with the same options shares, so ids
 * agree across the three streams and joins between them find their matches.
 *
 * <p>Options: {@code events} bounds the global sequence (unbounded when absent); {@code
 * events-per-second} releases events at that wall-clock rate since the query started (unthrottled,
 * everything at once, when absent); {@code max-events-per-trigger} (default {@value
 * #DEFAULT_MAX_EVENTS_PER_TRIGGER}) caps the global events one batch covers; the options of {@link
 * NexmarkConfig} shape the events themselves. Declared columns are matched to the kind's fields by
 * name, in any order and any subset; only those the query reads ({@link
 * SourceContext#projection()}) are generated.
 */
public final class NexmarkSource implements StreamSource {
  public static final String TABLE_OPTION = "nexmark.table";
  public static final String EVENTS_OPTION = "events";
  public static final String EVENTS_PER_SECOND_OPTION = "events-per-second";
  public static final String MAX_EVENTS_PER_TRIGGER_OPTION = "max-events-per-trigger";
  public static final long DEFAULT_MAX_EVENTS_PER_TRIGGER = 100_000;

  /** A batch is indexed by int and held in memory: keep one trigger's worth well below that. */
  private static final long MOST_EVENTS_PER_TRIGGER = 50_000_000;

  private final NexmarkTable table;
  private final NexmarkGenerator generator;
  private final NexmarkField[] fields;
  private final List<ColumnType> types;

  /** The columns of the padding field {@code extra}, built when read; none when not read. */
  private final int[] paddingColumns;

  /** For a column whose field an earlier column also reads, that column; -1 otherwise. */
  private final int[] copyOf;

  private final OptionalLong maxEvents;
  private final OptionalLong eventsPerSecond;
  private final long maxEventsPerTrigger;
  private final Clock clock;
  private final SourceMetrics metrics;
  private NexmarkOffset initialOffset;

  /**
   * A source paced by {@code clock} when throttled.
   *
   * @throws IllegalArgumentException for an invalid option or a declared column that is not a field
   *     of the table, or not of the field's type
   */
  public NexmarkSource(SourceContext context, Clock clock) {
    requireNonNull(context, "context is null");
    String tableText = context.requiredOption(TABLE_OPTION);
    try {
      this.table = NexmarkTable.parse(tableText);
    } catch (IllegalArgumentException e) {
      throw SourceOptions.invalid(context, TABLE_OPTION, tableText, e.getMessage());
    }
    this.generator = new NexmarkGenerator(NexmarkConfig.fromOptions(context));
    this.maxEvents = SourceOptions.positiveLong(context, EVENTS_OPTION);
    this.eventsPerSecond = SourceOptions.positiveLong(context, EVENTS_PER_SECOND_OPTION);
    this.maxEventsPerTrigger =
        SourceOptions.positiveLong(
            context, MAX_EVENTS_PER_TRIGGER_OPTION, DEFAULT_MAX_EVENTS_PER_TRIGGER);
    if (maxEventsPerTrigger > MOST_EVENTS_PER_TRIGGER) {
      throw SourceOptions.invalid(
          context,
          MAX_EVENTS_PER_TRIGGER_OPTION,
          context.options().get(MAX_EVENTS_PER_TRIGGER_OPTION),
          "a positive integer up to " + MOST_EVENTS_PER_TRIGGER);
    }
    for (Column column : context.columns()) {
      fieldOf(context, column);
    }
    // Only the columns the query reads are generated; padding, the costliest, only if read, and
    // then only for the rows read.
    List<Column> columns = context.projectedColumns();
    this.fields = new NexmarkField[columns.size()];
    List<ColumnType> columnTypes = new ArrayList<>();
    this.copyOf = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      fields[c] = fieldOf(context, columns.get(c));
      columnTypes.add(columns.get(c).type());
      copyOf[c] = -1;
      for (int earlier = c - 1; earlier >= 0; earlier--) {
        if (fields[earlier] == fields[c]) {
          copyOf[c] = earlier;
        }
      }
    }
    this.paddingColumns =
        IntStream.range(0, fields.length).filter(c -> fields[c].isPadding()).toArray();
    this.types = List.copyOf(columnTypes);
    this.clock = requireNonNull(clock, "clock is null");
    this.metrics = context.metrics();
  }

  /** A source paced by the system clock when throttled. */
  public NexmarkSource(SourceContext context) {
    this(context, Clock.systemUTC());
  }

  private NexmarkField fieldOf(SourceContext context, Column column) {
    NexmarkField field = NexmarkField.find(table, column.name());
    if (field == null) {
      throw new IllegalArgumentException(
          "Column '"
              + column.name()
              + "' of '"
              + context.relationName()
              + "' is not a field of nexmark table "
              + table.word()
              + "; its fields are "
              + table.fields().stream()
                  .map(NexmarkField::column)
                  .collect(Collectors.joining(", ")));
    }
    if (column.type() != field.type()) {
      throw new IllegalArgumentException(
          "Column '"
              + column.name()
              + "' of '"
              + context.relationName()
              + "' is declared "
              + column.type()
              + " but nexmark field "
              + table.word()
              + "."
              + field.column()
              + " is "
              + field.type());
    }
    return field;
  }

  public NexmarkTable table() {
    return table;
  }

  /** Starts the clock: the first call fixes the start time, later calls return the same offset. */
  @Override
  public synchronized NexmarkOffset initialOffset() {
    if (initialOffset == null) {
      initialOffset = new NexmarkOffset(clock.millis(), 0);
    }
    return initialOffset;
  }

  @Override
  public NexmarkOffset latestOffset(SourceOffset start) {
    NexmarkOffset from = cast(start);
    long due = from.events() + maxEventsPerTrigger;
    if (maxEvents.isPresent()) {
      due = Math.min(due, maxEvents.getAsLong());
    }
    if (eventsPerSecond.isPresent()) {
      long elapsed = Math.max(0, clock.millis() - from.startMillis());
      long rate = eventsPerSecond.getAsLong();
      due = Math.min(due, elapsed > Long.MAX_VALUE / rate ? Long.MAX_VALUE : elapsed * rate / 1000);
    }
    return due <= from.events() ? from : new NexmarkOffset(from.startMillis(), due);
  }

  /** Events are split into consecutive ranges, one per split. */
  @Override
  public boolean isSplittable() {
    return true;
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end, int split, int splits) {
    NexmarkOffset from = cast(start);
    long count = cast(end).events() - from.events();
    return read(
        new NexmarkOffset(from.startMillis(), from.events() + count * split / splits),
        new NexmarkOffset(from.startMillis(), from.events() + count * (split + 1) / splits));
  }

  /** This stream's events among global events {@code start.events .. end.events - 1}. */
  @Override
  public Batch read(SourceOffset start, SourceOffset end) {
    long from = cast(start).events();
    long to = cast(end).events();
    if (to < from || to - from > MOST_EVENTS_PER_TRIGGER) {
      throw new IllegalArgumentException("Cannot read from event " + from + " to event " + to);
    }
    NexmarkConfig config = generator.config();
    int rows = (int) (config.countOf(table, to) - config.countOf(table, from));
    // Every value is known to be present and the row count exact: fill the arrays directly.
    ColumnVector[] vectors = new ColumnVector[fields.length];
    // the padding is spelled when read, for the rows read (left null here: deferred)
    long[] paddings = paddingColumns.length == 0 ? null : new long[rows];
    EventColumns columns = new EventColumns(paddings);
    for (int c = 0; c < fields.length; c++) {
      if (fields[c].isPadding() || copyOf[c] >= 0) {
        continue;
      }
      vectors[c] = ColumnVector.allocate(types.get(c), rows);
      if (vectors[c] instanceof LongVector) {
        columns.receive(fields[c], ((LongVector) vectors[c]).values());
      } else {
        columns.receive(fields[c], ((ObjectVector) vectors[c]).values());
      }
    }
    int total = config.totalProportion();
    int low =
        table == NexmarkTable.PERSON
            ? 0
            : table == NexmarkTable.AUCTION
                ? config.personProportion()
                : config.personProportion() + config.auctionProportion();
    int high =
        table == NexmarkTable.PERSON
            ? config.personProportion()
            : table == NexmarkTable.AUCTION
                ? config.personProportion() + config.auctionProportion()
                : total;
    // This kind's ids are the runs [low, high) of each epoch of `total` ids: walk the runs
    // rather than test every id of the range.
    long epochStart = from - from % total;
    EventPosition at = generator.newPosition();
    int row = 0;
    for (long run = epochStart + low; run < to; run += total) {
      long runEnd = Math.min(run - low + high, to);
      for (long id = Math.max(run, from); id < runEnd; id++) {
        at.moveTo(id);
        switch (table) {
          case PERSON -> generator.person(at, columns, row);
          case AUCTION -> generator.auction(at, columns, row);
          default -> generator.bid(at, columns, row);
        }
        row++;
      }
    }
    metrics.recordRowsRead(rows);
    for (int c = 0; c < fields.length; c++) {
      if (copyOf[c] >= 0 && !fields[c].isPadding()) {
        vectors[c] = ColumnVector.allocate(types.get(c), rows);
        vectors[c].copyRange(vectors[copyOf[c]], 0, 0, rows);
      }
    }
    return paddings == null
        ? new Batch(vectors, rows)
        : new Batch(vectors, rows, null, new NexmarkPadding(paddingColumns, paddings, rows));
  }

  @Override
  public NexmarkOffset parseOffset(String json) {
    return NexmarkOffset.fromJson(json);
  }

  @Override
  public boolean isExhausted(SourceOffset offset) {
    return maxEvents.isPresent() && cast(offset).events() >= maxEvents.getAsLong();
  }

  private static NexmarkOffset cast(SourceOffset offset) {
    requireNonNull(offset, "offset is null");
    if (!(offset instanceof NexmarkOffset)) {
      throw new IllegalArgumentException("Not a nexmark offset: " + offset.getClass().getName());
    }
    return (NexmarkOffset) offset;
  }
}
