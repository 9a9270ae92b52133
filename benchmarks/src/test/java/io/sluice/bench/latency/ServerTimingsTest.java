package io.sluice.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerTimingsTest {
  // as Micrometer's Prometheus registry writes a histogram, labels in alphabetical order
  private static final String SCRAPE =
      """
      # TYPE sluice_checkpoint_write_duration_seconds histogram
      sluice_checkpoint_write_duration_seconds_bucket{file="offsets",kind="persistent",query="s",le="0.001"} 40.0
      sluice_checkpoint_write_duration_seconds_bucket{file="offsets",kind="persistent",query="s",le="0.002"} 98.0
      sluice_checkpoint_write_duration_seconds_bucket{file="offsets",kind="persistent",query="s",le="0.008"} 100.0
      sluice_checkpoint_write_duration_seconds_bucket{file="offsets",kind="persistent",query="s",le="+Inf"} 100.0
      sluice_checkpoint_write_duration_seconds_count{file="offsets",kind="persistent",query="s"} 100.0
      sluice_checkpoint_write_duration_seconds_bucket{file="state",kind="persistent",query="s",le="0.004"} 3.0
      sluice_checkpoint_write_duration_seconds_bucket{file="state",kind="persistent",query="s",le="+Inf"} 3.0
      sluice_checkpoint_write_duration_seconds_bucket{file="offsets",kind="persistent",query="t",le="0.5"} 7.0
      sluice_checkpoint_write_duration_seconds_bucket{file="offsets",kind="persistent",query="t",le="+Inf"} 8.0
      """;

  @Test
  void readsTheBoundsHoldingTheMedianAndThe99thPercentileOfOneSeries() {
    assertThat(
            ServerTimings.quantiles(
                SCRAPE,
                "sluice_checkpoint_write_duration_seconds",
                "query=\"s\"",
                "file=\"offsets\""))
        .isEqualTo("≤ 2.0 / ≤ 8.0 (100)");
    assertThat(
            ServerTimings.quantiles(
                SCRAPE,
                "sluice_checkpoint_write_duration_seconds",
                "query=\"s\"",
                "file=\"state\""))
        .isEqualTo("≤ 4.0 / ≤ 4.0 (3)");
    assertThat(
            ServerTimings.quantiles(
                SCRAPE,
                "sluice_checkpoint_write_duration_seconds",
                "query=\"s\"",
                "file=\"commit\""))
        .isEqualTo("-");
    // a value past the largest finite bound is only known to be longer than it
    assertThat(
            ServerTimings.quantiles(
                SCRAPE,
                "sluice_checkpoint_write_duration_seconds",
                "query=\"t\"",
                "file=\"offsets\""))
        .isEqualTo("≤ 500.0 / > 500.0 (8)");
  }
}
