package io.sluice.bench.jmh;

import io.sluice.connector.datagen.nexmark.NexmarkOffset;
import io.sluice.connector.datagen.nexmark.NexmarkSource;
import io.sluice.connector.datagen.nexmark.NexmarkTable;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Nexmark generator's cost per event: one micro-batch of {@value #EVENTS} global events read as
 * one kind's every column (padding deferred, as queries read it). Scores are global events per
 * second, so the three kinds' scores compare with a query's events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NexmarkSourceBenchmark {
  /** Global events per read: the source's default micro-batch. */
  static final int EVENTS = 100_000;

  /** The kind of event read. */
  @Param({"bid", "auction", "person"})
  public String table;

  private NexmarkSource source;
  private NexmarkOffset start;
  private long next;

  @Setup(Level.Trial)
  public void setUp() {
    List<Column> columns =
        NexmarkTable.parse(table).fields().stream()
            .map(field -> Column.of(field.column(), field.type()))
            .toList();
    source =
        new NexmarkSource(
            new SourceContext(
                table,
                columns,
                Map.of("connector", "datagen", "kind", "nexmark", "nexmark.table", table),
                Path.of("."),
                new SourceMetrics()));
    start = source.initialOffset();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public Batch read() {
    // Later events each time (ids grow as in a query), wrapping before ids get unrealistically big.
    long from = next;
    next = next >= 1_000_000_000L ? 0 : next + EVENTS;
    return source.read(
        new NexmarkOffset(start.startMillis(), from),
        new NexmarkOffset(start.startMillis(), from + EVENTS));
  }
}
