package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void fileInputsAreWrittenOnceAndGiveTheGeneratorsResults(@TempDir Path data) throws Exception {
    QueryRunner generator = new QueryRunner(NexmarkSql.locate(), 10_000, 5_000, 60_000);
    for (Input input : List.of(Input.CSV, Input.JSON, Input.PARQUET)) {
      QueryRunner files = new QueryRunner(NexmarkSql.locate(), 10_000, 5_000, 60_000, input, data);
      for (String query : List.of("q0", "q2")) {
        QueryResult fromGenerator = generator.run(query, EVENTS);
        QueryResult fromFiles = files.run(query, EVENTS);

        assertThat(fromFiles.error()).as(input + " " + query).isNull();
        assertThat(fromFiles.outputRows())
            .as(input + " " + query)
            .isEqualTo(fromGenerator.outputRows())
            .isPositive();
      }
      // a files stream is unbounded: windows its watermark has not passed stay open at the end,
      // where the bounded generator closes them all
      QueryResult windows = files.run("q5", EVENTS);
      assertThat(windows.error()).isNull();
      assertThat(windows.outputRows())
          .isLessThanOrEqualTo(generator.run("q5", EVENTS).outputRows());
      Path folder = data.resolve("nexmark-" + input.format() + "-" + EVENTS);
      assertThat(folder.resolve("bid")).isDirectory();
      // written once: a second runner over the same folder keeps the files
      long written = Files.getLastModifiedTime(folder.resolve("_events")).toMillis();
      new QueryRunner(NexmarkSql.locate(), 10_000, 5_000, 60_000, input, data).run("q0", EVENTS);
      assertThat(Files.getLastModifiedTime(folder.resolve("_events")).toMillis())
          .isEqualTo(written);
    }
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
