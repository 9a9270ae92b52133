package io.sluice.bench.jmh;

import io.sluice.connector.datagen.nexmark.NexmarkOffset;
import io.sluice.connector.datagen.nexmark.NexmarkSource;
import io.sluice.connector.format.CsvFormatFactory;
import io.sluice.connector.format.JsonFormatFactory;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.format.FormatFactory;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.format.RowEncoder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
 * Decoding 46 000 Nexmark bid lines (CSV or JSON, as the files sink writes them) into a batch, one
 * core: {@code path = string} builds each line's text first and decodes that (how lines were read
 * before issue 13), {@code bytes} decodes the line's bytes (how {@code LineFileReader} reads them
 * now). {@code read = all} materialises every column (q0), {@code q2} only auction and price.
 * Scores are lines per second; the setup prints the bytes per line, for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {
  static final int LINES = 46_000;
  private static final long EVENTS = 50_000;

  private static final List<Column> BID =
      List.of(
          Column.of("auction", ColumnType.BIGINT),
          Column.of("bidder", ColumnType.BIGINT),
          Column.of("price", ColumnType.BIGINT),
          Column.of("channel", ColumnType.VARCHAR),
          Column.of("url", ColumnType.VARCHAR),
          Column.of("date_time", ColumnType.TIMESTAMP),
          Column.of("extra", ColumnType.VARCHAR));

  @Param({"csv", "json"})
  public String format;

  @Param({"string", "bytes"})
  public String path;

  @Param({"all", "q2"})
  public String read;

  private RowDecoder decoder;
  private byte[] data;
  private int[] starts;
  private List<ColumnType> types;

  @Setup(Level.Trial)
  public void setUp() {
    FormatFactory factory = format.equals("csv") ? new CsvFormatFactory() : new JsonFormatFactory();
    List<Integer> projection = read.equals("all") ? List.of(0, 1, 2, 3, 4, 5, 6) : List.of(0, 2);
    decoder =
        factory.textDecoder(new FormatContext("bid", BID, Map.of(), projection)).orElseThrow();
    types = BID.stream().map(Column::type).toList();
    RowEncoder encoder =
        factory
            .rowEncoder(new FormatContext("bid", BID, Map.of()), new int[] {0, 1, 2, 3, 4, 5, 6})
            .orElseThrow();
    Batch bids = bids();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    starts = new int[bids.rowCount() + 1];
    for (int row = 0; row < bids.rowCount(); row++) {
      starts[row] = out.size();
      byte[] line = encoder.encode(bids, row);
      int length = line.length;
      // a record, as a file reader hands it over: without its line break
      while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) {
        length--;
      }
      out.write(line, 0, length);
    }
    starts[bids.rowCount()] = out.size();
    data = out.toByteArray();
    System.out.printf(
        "%n%s: %d lines, %.1f bytes per line%n",
        format, bids.rowCount(), data.length / (double) bids.rowCount());
  }

  private static Batch bids() {
    Map<String, String> options = Map.of("kind", "nexmark", "nexmark.table", "bid");
    NexmarkSource source =
        new NexmarkSource(
            new SourceContext("bid", BID, options, Path.of("."), new SourceMetrics()));
    NexmarkOffset start = source.initialOffset();
    Batch bids = source.read(start, new NexmarkOffset(start.startMillis(), EVENTS));
    if (bids.rowCount() != LINES) {
      throw new IllegalStateException("Expected " + LINES + " bids, got " + bids.rowCount());
    }
    return bids;
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public Batch decode() throws BadRecordException {
    BatchBuilder out = new BatchBuilder(types, LINES);
    boolean bytes = path.equals("bytes");
    for (int line = 0; line < LINES; line++) {
      int start = starts[line];
      int length = starts[line + 1] - start;
      if (bytes) {
        decoder.decode(data, start, length, out);
      } else {
        decoder.decode(new String(data, start, length, StandardCharsets.UTF_8), out);
      }
      out.endRow();
    }
    return out.build();
  }
}
