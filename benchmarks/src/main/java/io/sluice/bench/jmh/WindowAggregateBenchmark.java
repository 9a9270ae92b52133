package io.sluice.bench.jmh;

import io.sluice.spi.batch.Batch;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Folding a batch of 46 000 bids into tumbling-window aggregate state (10 s windows; the batch
 * spans 5 s of event time). The watermark stands still, so nothing is emitted or evicted and each
 * call folds into the groups the previous calls made. Scores are rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WindowAggregateBenchmark {
  /** The group key besides the window: none, the auction (about 1 000 keys), or the bidder. */
  @Param({"window", "auction", "bidder"})
  public String key;

  private OperatorFixture fixture;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String keyColumn = key.equals("window") ? "" : key + ", ";
    fixture =
        new OperatorFixture(
            "SELECT STREAM "
                + keyColumn
                + "TUMBLE_START(date_time, INTERVAL '10' SECOND) AS window_start, COUNT(*) AS bids, "
                + "MAX(price) AS max_price, SUM(price) AS total FROM bid GROUP BY "
                + keyColumn
                + "TUMBLE(date_time, INTERVAL '10' SECOND)");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    fixture.close();
  }

  @Benchmark
  @OperationsPerInvocation(OperatorFixture.BID_ROWS)
  public Batch fold() {
    return fixture.runBatch();
  }
}
