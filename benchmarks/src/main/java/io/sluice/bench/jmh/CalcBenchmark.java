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
 * A compiled calc (projection and filter) over a batch of 46 000 bids: Nexmark q1's currency
 * conversion and q2's selection. Scores are rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CalcBenchmark {
  /** The query, by the Nexmark query it comes from. */
  @Param({"q1", "q2", "q14-calc"})
  public String query;

  private OperatorFixture fixture;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture =
        new OperatorFixture(
            switch (query) {
              case "q1" ->
                  "SELECT STREAM auction, bidder, 0.908 * price AS price, date_time, extra "
                      + "FROM bid";
              case "q2" -> "SELECT STREAM auction, price FROM bid WHERE MOD(auction, 123) = 0";
              // q14 without its user-defined function, which cannot be declared yet.
              case "q14-calc" ->
                  "SELECT STREAM auction, bidder, 0.908 * price AS price, CASE "
                      + "WHEN HOUR(date_time) >= 8 AND HOUR(date_time) <= 18 THEN 'dayTime' "
                      + "WHEN HOUR(date_time) <= 6 OR HOUR(date_time) >= 20 THEN 'nightTime' "
                      + "ELSE 'otherTime' END AS bid_time_type, date_time, extra FROM bid "
                      + "WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000";
              default -> throw new IllegalArgumentException("Unknown query " + query);
            });
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    fixture.close();
  }

  @Benchmark
  @OperationsPerInvocation(OperatorFixture.BID_ROWS)
  public Batch calc() {
    return fixture.runBatch();
  }
}
