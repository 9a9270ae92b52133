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
 * Scoring a batch of 100 000 rows of ten features with an ONNX model on one thread: through
 * ML_PREDICT (column vectors handed to ONNX Runtime a chunk at a time) and through a scalar
 * function calling the model row by row. Scores are rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MlPredictBenchmark {
  /** {@code logistic-regression} (10 features) or {@code tree-ensemble} (20 trees, depth 4). */
  @Param({"logistic-regression", "tree-ensemble"})
  public String model;

  /** {@code ml-predict} or {@code scalar-udf} (row by row). */
  @Param({"ml-predict", "scalar-udf"})
  public String call;

  private ModelFixture fixture;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture =
        new ModelFixture(
            model,
            switch (call) {
              case "ml-predict" -> true;
              case "scalar-udf" -> false;
              default -> throw new IllegalArgumentException("Unknown call " + call);
            });
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    fixture.close();
  }

  @Benchmark
  @OperationsPerInvocation(ModelFixture.ROWS)
  public Batch score() {
    return fixture.runBatch();
  }
}
