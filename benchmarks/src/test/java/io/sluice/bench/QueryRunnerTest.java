package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The harness measures query files ending in a query and in a CREATE SINK alike. */
class QueryRunnerTest {
  private static final long EVENTS = 20_000;

  @Test
  void sinkQueryRunsUntilItsInputEndsAndCountsTheRowsItWrote() {
    QueryResult result =
        new QueryRunner(NexmarkSql.locate(), 10_000, 5_000, 60_000).run("q10", EVENTS);

    assertThat(result.error()).isNull();
    // 46 of every 50 Nexmark events are bids, and q10 writes every bid.
    assertThat(result.outputRows()).isEqualTo(18_400);
    assertThat(result.batches()).isGreaterThan(1);
    assertThat(result.seconds()).isPositive();
  }

  @Test
  void pushQueryCountsTheRowsItReturned() {
    QueryResult result =
        new QueryRunner(NexmarkSql.locate(), 10_000, 5_000, 60_000).run("q22", EVENTS);

    assertThat(result.error()).isNull();
    assertThat(result.outputRows()).isEqualTo(18_400);
  }

  @Test
  void sinkNameIsFoundOnlyInCreateSink() {
    assertThat(
            QueryRunner.sinkName(
                "CREATE SINK s1 WITH ('connector' = 'files') " + "AS SELECT * FROM bid"))
        .isEqualTo("s1");
    assertThat(QueryRunner.sinkName("SELECT STREAM * FROM bid")).isNull();
  }
}
