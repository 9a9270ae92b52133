package io.sluice.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * {@link DecodeBenchmark}'s cases measured in lines per second of the thread's CPU time rather than
 * of wall time: on a machine shared with other work, JMH's wall-clock scores swing by several
 * times, while CPU time counts only the time the decoder ran. Each case runs 3 s of CPU to warm up,
 * then 3 s measured. Run: {@code java -cp 'benchmarks/target/*:benchmarks/target/lib/*'
 * io.sluice.bench.jmh.DecodeCpuTime [csv|json] [all|q2] [string|bytes]}: arguments keep only the
 * cases they name (any order), so a change to one decoder is measured without the others.
 */
public final class DecodeCpuTime {
  private static final long WARM_UP_NANOS = 3_000_000_000L;
  private static final long MEASURE_NANOS = 3_000_000_000L;

  private DecodeCpuTime() {}

  public static void main(String[] args) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<String> wanted = List.of(args);
    long rows = 0;
    for (String format : chosen(wanted, "csv", "json")) {
      for (String read : chosen(wanted, "all", "q2")) {
        for (String path : chosen(wanted, "string", "bytes")) {
          DecodeBenchmark benchmark = new DecodeBenchmark();
          benchmark.format = format;
          benchmark.read = read;
          benchmark.path = path;
          benchmark.setUp();
          long warmUp = threads.getCurrentThreadCpuTime();
          while (threads.getCurrentThreadCpuTime() - warmUp < WARM_UP_NANOS) {
            rows += benchmark.decode().rowCount();
          }
          long start = threads.getCurrentThreadCpuTime();
          int rounds = 0;
          while (threads.getCurrentThreadCpuTime() - start < MEASURE_NANOS) {
            rows += benchmark.decode().rowCount();
            rounds++;
          }
          double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
          System.out.printf(
              "%s read=%s path=%s: %,.0f lines per CPU second%n",
              format, read, path, rounds * (double) DecodeBenchmark.LINES / seconds);
        }
      }
    }
    System.out.println("(" + rows + " rows decoded)");
  }

  /** The choices {@code wanted} names, or all of them when it names none. */
  private static String[] chosen(List<String> wanted, String... choices) {
    String[] named = Arrays.stream(choices).filter(wanted::contains).toArray(String[]::new);
    return named.length == 0 ? choices : named;
  }
}
