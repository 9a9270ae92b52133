package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's table and JSON, and the rates derived from a run. */
class ResultReportTest {
  private final QueryResult ran =
      new QueryResult("q1", 1_000_000, 2.0, 3.0, 920_000, 10, 150, 300, 256L << 20, null);
  private final QueryResult failed =
      QueryResult.failed("q6", 1_000_000, "OVER windows (ROW_NUMBER, …) is not supported");

  @Test
  void ratesPerSecondAndPerCore() {
    assertThat(ran.eventsPerSecond()).isEqualTo(500_000);
    assertThat(ran.coresUsed()).isEqualTo(1.5);
    assertThat(ran.eventsPerCoreSecond()).isEqualTo(1_000_000 / 3.0);
    assertThat(failed.ok()).isFalse();
    assertThat(failed.eventsPerSecond()).isZero();
  }

  @Test
  void tableShowsMeasurementsAndFailureMessages() {
    String table = new ResultReport(List.of(ran, failed), Map.of()).table();
    assertThat(table)
        .contains(
            "| q1 | 1,000,000 | 2.00 | 500,000 | 1.50 | 333,333 | 150 | 300 | 256 " + "| 920,000 |")
        .contains("| p50 ms (batch end - start) | p99 ms (batch end - start) |")
        .contains("| q6 | 1,000,000 | – |")
        .contains("- q6: OVER windows (ROW_NUMBER, …) is not supported")
        .contains(ResultReport.LATENCY_NOTE);
  }

  @Test
  void jsonHoldsEnvironmentAndResults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("results/nexmark-test.json");
    new ResultReport(List.of(ran, failed), Map.of("cpu_model", "test cpu")).writeJson(file);
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertThat(root.path("environment").path("cpu_model").asText()).isEqualTo("test cpu");
    assertThat(root.path("results")).hasSize(2);
    assertThat(root.path("results").get(0).path("events_per_second").asDouble()).isEqualTo(500_000);
    assertThat(root.path("results").get(0).path("p99_latency_ms").asDouble()).isEqualTo(300);
    assertThat(root.path("results").get(1).path("error").asText()).startsWith("OVER windows");
  }

  @Test
  void percentilesAreNearestRank() {
    List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 100L);
    assertThat(QueryRunner.percentile(sorted, 0.5)).isEqualTo(5);
    assertThat(QueryRunner.percentile(sorted, 0.99)).isEqualTo(100);
    assertThat(QueryRunner.percentile(List.of(), 0.5)).isZero();
  }
}
