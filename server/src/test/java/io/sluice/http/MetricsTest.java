package io.sluice.http;

import static io.sluice.http.NetworkTesting.await;
import static io.sluice.http.NetworkTesting.execute;
import static io.sluice.http.NetworkTesting.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.TestingServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} scraped over HTTP while a push query and a sink run over a files stream with a
 * malformed and a late record: each query's rows, batches, watermark lag, state, late rows and bad
 * records, the sink's commit times, and the JVM's and the HTTP endpoint's meters.
 */
@Timeout(120)
class MetricsTest {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

  @TempDir Path temp;
  private TestingServer server;
  private Connection connection;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    connection = server.connect();
    http = NetworkTesting.http();
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    server.close();
  }

  /**
   * A sample's value: the one series of {@code name} whose labels include all of {@code labels}.
   */
  private static List<Double> values(String scrape, String name, String... labels) {
    List<Double> values = new ArrayList<>();
    Matcher sample = SAMPLE.matcher(scrape);
    while (sample.find()) {
      if (!sample.group(1).equals(name)) {
        continue;
      }
      String series = sample.group(2) == null ? "" : sample.group(2);
      boolean all = true;
      for (String label : labels) {
        all &= series.contains(label);
      }
      if (all) {
        values.add(Double.parseDouble(sample.group(3)));
      }
    }
    return values;
  }

  private static double value(String scrape, String name, String... labels) {
    List<Double> values = values(scrape, name, labels);
    assertThat(values).as("series %s%s", name, List.of(labels)).hasSize(1);
    return values.get(0);
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = get(http, server.server().webUrl() + "metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    return response.body();
  }

  @Test
  void scrapeShowsEachQuerysRowsBatchesStateAndTheJvm() throws Exception {
    Path input = Files.createDirectories(temp.resolve("bids"));
    execute(
        connection,
        "CREATE STREAM bids (price BIGINT, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
            + "'path' = '"
            + input
            + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
    execute(connection, "SET 'trigger' = 'available-now'");
    Files.writeString(
        input.resolve("1.csv"),
        "10,2024-01-01 00:00:01\nnot a bid\n20,2024-01-01 00:00:05\n30,2024-01-01 00:00:09\n");
    // older than the watermark (00:00:08) by the time it is read: late
    Files.writeString(input.resolve("2.csv"), "40,2024-01-01 00:00:02\n");
    List<String> windows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT STREAM TUMBLE_START(ts, INTERVAL '2' SECOND) AS ws, COUNT(*) AS n "
                    + "FROM bids GROUP BY TUMBLE(ts, INTERVAL '2' SECOND)")) {
      while (rows.next()) {
        windows.add(rows.getString(1));
      }
    }
    execute(connection, "SET 'trigger' = 'default'");
    execute(
        connection,
        "CREATE SINK prices WITH ('connector' = 'files', 'path' = '"
            + temp.resolve("out")
            + "', 'format' = 'json') AS SELECT price FROM bids");
    // Both files read: every bid went out or was counted late (the bad record is neither), and a
    // batch's commit file written (after its output is counted, so waited for too).
    String sinkRan =
        await(
            "the sink to commit its input",
            this::scrape,
            s -> {
              List<Double> out = values(s, "sluice_query_output_rows_total", "query=\"prices\"");
              List<Double> late = values(s, "sluice_query_late_rows_total", "query=\"prices\"");
              List<Double> commitFiles =
                  values(
                      s,
                      "sluice_checkpoint_write_duration_seconds_count",
                      "query=\"prices\"",
                      "file=\"commit\"");
              return !out.isEmpty()
                  && !late.isEmpty()
                  && out.get(0) + late.get(0) >= 4
                  && !commitFiles.isEmpty()
                  && commitFiles.get(0) >= 1;
            });

    String push = "query=\"q1\"";
    assertThat(windows).isNotEmpty();
    assertThat(value(sinkRan, "sluice_query_input_rows_total", push, "kind=\"push\"")).isEqualTo(4);
    assertThat(value(sinkRan, "sluice_query_output_rows_total", push)).isEqualTo(windows.size());
    assertThat(value(sinkRan, "sluice_query_bad_records_total", push)).isEqualTo(1);
    assertThat(value(sinkRan, "sluice_query_late_rows_total", push)).isEqualTo(1);
    assertThat(value(sinkRan, "sluice_query_batch_duration_seconds_count", push))
        .isGreaterThanOrEqualTo(2);
    assertThat(values(sinkRan, "sluice_query_batch_duration_seconds_bucket", push)).isNotEmpty();
    // event time is in 2024: the watermark trails the clock by far more than a day
    assertThat(value(sinkRan, "sluice_query_watermark_lag_seconds", push)).isGreaterThan(86_400);
    assertThat(values(sinkRan, "sluice_query_state_rows", push)).hasSize(1);
    assertThat(values(sinkRan, "sluice_query_state_bytes", push)).hasSize(1);

    String sink = "query=\"prices\"";
    // whether the sink sees the old bid as late depends on how its batches fell; either way
    // every bid it read went out or was counted late
    assertThat(value(sinkRan, "sluice_query_output_rows_total", sink, "kind=\"persistent\""))
        .isEqualTo(4 - value(sinkRan, "sluice_query_late_rows_total", sink));
    assertThat(value(sinkRan, "sluice_sink_commit_duration_seconds_count", sink))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(sinkRan, "sluice_sink_commit_duration_seconds_sum", sink)).isPositive();
    // every batch of the sink writes its offsets before its output, then its state and commit
    // (a batch under way may have written the first of them only)
    String checkpoint = "sluice_checkpoint_write_duration_seconds_count";
    double commits = value(sinkRan, checkpoint, sink, "file=\"commit\"");
    double states = value(sinkRan, checkpoint, sink, "file=\"state\"");
    assertThat(commits).isGreaterThanOrEqualTo(1);
    assertThat(states).isGreaterThanOrEqualTo(commits);
    assertThat(value(sinkRan, checkpoint, sink, "file=\"offsets\"")).isGreaterThanOrEqualTo(states);
    assertThat(
            value(
                sinkRan, "sluice_checkpoint_write_duration_seconds_sum", sink, "file=\"offsets\""))
        .isPositive();
    // a client's push query keeps no checkpoint
    assertThat(values(sinkRan, checkpoint, push)).isEmpty();
    assertThat(value(sinkRan, "sluice_queries_running")).isEqualTo(1);

    assertThat(values(sinkRan, "jvm_memory_used_bytes")).isNotEmpty();
    assertThat(values(sinkRan, "jvm_threads_live_threads")).hasSize(1);
    assertThat(values(sinkRan, "process_uptime_seconds")).hasSize(1);
    assertThat(
            value(
                sinkRan,
                "sluice_http_requests_seconds_count",
                "route=\"jdbc\"",
                "method=\"POST\"",
                "status=\"200\""))
        .isGreaterThan(5);
    assertThat(value(sinkRan, "sluice_http_connections_open")).isPositive();
    assertThat(value(sinkRan, "sluice_http_threads_busy")).isPositive();
    assertThat(value(sinkRan, "sluice_http_threads_max")).isEqualTo(200);
    assertThat(sinkRan).contains("# HELP sluice_query_input_rows_total Rows the query read");
  }
}
