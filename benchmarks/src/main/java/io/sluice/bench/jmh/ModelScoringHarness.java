package io.sluice.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * {@link MlPredictBenchmark}'s cases timed by the scoring thread's CPU time rather than the wall
 * clock: rows per second per core, which a machine shared with other work does not skew (JMH's
 * wall-clock score drops when the thread waits for a core). With {@code sluice.models.threads = 1}
 * ONNX Runtime runs on the calling thread, so its CPU time is all the scoring costs.
 *
 * <p>Run: {@code java -cp "benchmarks/target/sluice-benchmarks-*.jar:benchmarks/target/lib/*"
 * io.sluice.bench.jmh.ModelScoringHarness [seconds per case, default 10]}
 */
public final class ModelScoringHarness {
  private ModelScoringHarness() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.printf(
        Locale.ROOT,
        "%-20s %-11s %14s %14s %8s%n",
        "model",
        "call",
        "rows/s per core",
        "rows/s (wall)",
        "batches");
    for (String model : List.of("logistic-regression", "tree-ensemble")) {
      for (boolean mlPredict : List.of(true, false)) {
        try (ModelFixture fixture = new ModelFixture(model, mlPredict)) {
          long warmUntil = System.nanoTime() + 3_000_000_000L;
          while (System.nanoTime() < warmUntil) {
            fixture.runBatch();
          }
          long cpuStart = threads.getCurrentThreadCpuTime();
          long wallStart = System.nanoTime();
          long batches = 0;
          long cpu;
          do {
            fixture.runBatch();
            batches++;
            cpu = threads.getCurrentThreadCpuTime() - cpuStart;
          } while (cpu < seconds * 1e9);
          long wall = System.nanoTime() - wallStart;
          double rows = (double) batches * ModelFixture.ROWS;
          System.out.printf(
              Locale.ROOT,
              "%-20s %-11s %,14.0f %,14.0f %8d%n",
              model,
              mlPredict ? "ml-predict" : "scalar-udf",
              rows / (cpu / 1e9),
              rows / (wall / 1e9),
              batches);
        }
      }
    }
  }
}
