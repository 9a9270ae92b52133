package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The harness's command line. */
class BenchmarkOptionsTest {
  @Test
  void defaultsRunEveryQueryOverAMillionEvents() {
    BenchmarkOptions options = BenchmarkOptions.parse(new String[0]);
    assertThat(options.events()).isEqualTo(1_000_000);
    assertThat(options.queries()).isEmpty();
    assertThat(options.warmupEvents()).isEqualTo(200_000);
    assertThat(options.runs()).isEqualTo(1);
    assertThat(options.outDir()).isEqualTo(Path.of("benchmarks", "results"));
    assertThat(options.input()).isEqualTo(Input.GENERATOR);
    assertThat(options.dataDir()).isEqualTo(Path.of("benchmarks", "data"));
    assertThat(options.parallelism()).isEqualTo(1);
  }

  @Test
  void parallelismIsReadAndBounded() {
    assertThat(BenchmarkOptions.parse(new String[] {"--parallelism", "2"}).parallelism())
        .isEqualTo(2);
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--parallelism", "0"}))
        .hasMessageContaining("--parallelism");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--parallelism", "129"}))
        .hasMessage("Option --parallelism needs at most 128");
  }

  @Test
  void inputAndDataDirAreRead() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(new String[] {"--input", "CSV", "--data-dir", "/tmp/d"});
    assertThat(options.input()).isEqualTo(Input.CSV);
    assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/d"));
    assertThat(BenchmarkOptions.parse(new String[] {"--input", "json"}).input())
        .isEqualTo(Input.JSON);
    assertThat(BenchmarkOptions.parse(new String[] {"--input", "kafka"}).input())
        .isEqualTo(Input.KAFKA);
    assertThat(BenchmarkOptions.parse(new String[] {"--input", "parquet"}).input())
        .isEqualTo(Input.PARQUET);
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--input", "orc"}))
        .hasMessage("Option --input needs generator, csv, json, parquet or kafka, not 'orc'");
  }

  @Test
  void optionsAreRead() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            new String[] {
              "--events",
              "2_000_000",
              "--queries",
              "Q0, q5,,q22",
              "--warmup",
              "0",
              "--first-event-rate",
              "500",
              "--events-per-trigger",
              "1000",
              "--runs",
              "3",
              "--timeout-seconds",
              "9",
              "--sql-dir",
              "x",
              "--no-json"
            });
    assertThat(options.events()).isEqualTo(2_000_000);
    assertThat(options.queries()).containsExactly("q0", "q5", "q22");
    assertThat(options.warmupEvents()).isZero();
    assertThat(options.firstEventRate()).isEqualTo(500);
    assertThat(options.eventsPerTrigger()).isEqualTo(1000);
    assertThat(options.runs()).isEqualTo(3);
    assertThat(options.timeoutSeconds()).isEqualTo(9);
    assertThat(options.sqlDir()).isEqualTo(Path.of("x"));
    assertThat(options.outDir()).isNull();
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--event", "5"}))
        .hasMessage("Unknown option '--event'");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--events"}))
        .hasMessage("Option --events needs a value");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--events", "0"}))
        .hasMessage("Option --events needs a positive integer");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--warmup", "-1"}))
        .hasMessageContaining("non-negative integer, not '-1'");
  }
}
