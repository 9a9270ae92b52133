package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.QueryOutput;
import io.sluice.exec.driver.QueryState;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.SluiceEngine;
import io.sluice.server.result.QueryRows;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.Session;
import io.sluice.spi.type.Column;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Nexmark query run as a push query over a fixed 100 000 events gives what the same SQL gives
 * as a plain bounded SELECT over the same events.
 *
 * <p>The push query runs with trigger {@code available-now} over a generator that ends: once its
 * events run out, its watermark moves to the end of time (as a bounded source's does in Flink), so
 * every window closes and the push run's whole output is comparable with the bounded one.
 *
 * <p>Events come at 1 000 per second of event time, so the run spans 100 s: ten 10 s tumbling
 * windows and 50 hopping ones. Batches of 10 000 events make the push run incremental.
 */
class NexmarkCorrectnessTest {
  private static final long EVENTS = 100_000;
  private static final long RATE = 1_000;
  private static final long EVENTS_PER_TRIGGER = 10_000;
  private static final Pattern SELECT_STREAM = Pattern.compile("(?i)SELECT\\s+STREAM\\b");

  @TempDir static Path workDir;
  private static NexmarkSql sql;
  private static SluiceEngine engine;
  private static final Session SESSION = new Session();

  @BeforeAll
  static void createStreams() throws Exception {
    sql = NexmarkSql.locate();
    engine =
        new QueryRunner(sql, RATE, EVENTS_PER_TRIGGER, 60_000).openEngine(workDir, SESSION, EVENTS);
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @Test
  void q0PassThroughMatchesBoundedSelect() throws Exception {
    assertStatelessMatches("q0", 92_000);
  }

  @Test
  void q1CurrencyConversionMatchesBoundedSelect() throws Exception {
    assertStatelessMatches("q1", 92_000);
  }

  @Test
  void q2SelectionMatchesBoundedSelect() throws Exception {
    assertStatelessMatches("q2", 300);
  }

  @Test
  void q3LocalItemSuggestionMatchesBoundedSelect() throws Exception {
    assertMatches("q3", 10);
  }

  @Test
  void q20ExpandedBidsMatchBoundedSelect() throws Exception {
    assertMatches("q20", 1_000);
  }

  @Test
  void q5HotItemsMatchesBoundedSelect() throws Exception {
    assertMatches("q5", 50);
  }

  @Test
  void q7HighestBidMatchesBoundedSelect() throws Exception {
    assertMatches("q7", 10);
  }

  @Test
  void q8NewUsersMatchesBoundedSelect() throws Exception {
    assertMatches("q8", 10);
  }

  @Test
  void q14CalculationWithUserFunctionMatchesBoundedSelect() throws Exception {
    assertStatelessMatches("q14", 1_000);
  }

  @Test
  void q21ChannelIdsByRegularExpressionMatchBoundedSelect() throws Exception {
    assertStatelessMatches("q21", 1_000);
  }

  @Test
  void q22UrlDirectoriesMatchBoundedSelect() throws Exception {
    assertStatelessMatches("q22", 92_000);
  }

  @Test
  void q5HopCountsMatchBoundedSelect() throws Exception {
    assertMatches(
        "SELECT STREAM auction, COUNT(*) AS num, window_start AS starttime, "
            + "window_end AS endtime FROM TABLE(HOP(TABLE bid, DESCRIPTOR(date_time), "
            + "INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end",
        1_000);
  }

  @Test
  void q10SinkFilesHoldWhatTheBoundedSelectGives() throws Exception {
    String sink = queryOf("q10");
    engine.execute(SESSION, sink);
    RunningQuery query = engine.queries().find("nexmark_q10").orElseThrow();
    assertThat(query.awaitEnd(60_000)).as("the sink's query ends with the generator").isTrue();
    assertThat(query.state()).isEqualTo(QueryState.FINISHED);
    // the sink's files read back as a table, against the sink's SELECT run bounded
    engine.execute(
        SESSION,
        "CREATE TABLE q10_files (auction BIGINT, bidder BIGINT, price BIGINT, date_time"
            + " TIMESTAMP(3), extra VARCHAR, dt VARCHAR, hm VARCHAR) WITH ('connector' = 'files',"
            + " 'path' = '"
            + parameters().get("OUTPUT_DIR")
            + "/q10', 'format' = 'csv')");
    List<String> written = run("SELECT * FROM q10_files").rows;
    String select =
        sink.substring(sink.toUpperCase(java.util.Locale.ROOT).indexOf("AS SELECT") + 3);
    List<String> bounded = run(select).rows;
    assertThat(written).hasSize(92_000);
    assertThat(sorted(written)).isEqualTo(sorted(bounded));
  }

  @Test
  void q12ProcessingTimeWindowsCountEveryBidOnce() throws Exception {
    // processing-time windows depend on the wall clock, so the windows themselves cannot be
    // compared; every bid is counted in exactly one of its bidder's windows
    Map<String, Long> perBidder = new HashMap<>();
    for (String row : run(queryOf("q12")).rows) {
      String[] values = row.substring(1, row.length() - 1).split(", ");
      perBidder.merge(values[0], Long.parseLong(values[1]), Long::sum);
    }
    Map<String, Long> bounded = new HashMap<>();
    for (String row : run("SELECT bidder, COUNT(*) FROM bid GROUP BY bidder").rows) {
      String[] values = row.substring(1, row.length() - 1).split(", ");
      bounded.put(values[0], Long.parseLong(values[1]));
    }
    assertThat(bounded).hasSizeGreaterThan(1_000);
    assertThat(perBidder).isEqualTo(bounded);
  }

  @Test
  void q11UserSessionsMatchBoundedSelect() throws Exception {
    assertMatches("q11", 1_000);
  }

  @Test
  void q13BoundedSideInputJoinMatchesBoundedSelect() throws Exception {
    // the side input is a files table, never exhausted: the generator's end still moves the
    // watermark to the end of time
    assertStatelessMatches("q13", 92_000);
  }

  @Test
  void q15DailyStatisticsMatchBoundedSelect() throws Exception {
    // one day of event time: one row, updated batch by batch; its eight distinct counts over two
    // columns share one map per column
    assertChangelogMatches("q15", 1, 0);
  }

  @Test
  void q16ChannelStatisticsMatchBoundedSelect() throws Exception {
    assertChangelogMatches("q16", 1_000, 0, 1);
  }

  @Test
  void q17AuctionStatisticsMatchBoundedSelect() throws Exception {
    assertChangelogMatches("q17", 1_000, 0, 1);
  }

  @Test
  void q4AverageWinningBidByCategoryMatchesBoundedSelect() throws Exception {
    assertChangelogMatches("q4", 1, 0);
  }

  /** An OVER over the top-N's updates: the result has no key, so it is folded as a multiset. */
  @Test
  void q6AverageSellingPriceBySellerMatchesBoundedSelect() throws Exception {
    assertChangelogMatches("q6", 100);
  }

  @Test
  void q9WinningBidsMatchBoundedSelect() throws Exception {
    assertChangelogMatches("q9", 100, 0);
  }

  @Test
  void q18LastBidOfEachBidderOnEachAuctionMatchesBoundedSelect() throws Exception {
    assertChangelogMatches("q18", 1_000, 0, 1);
  }

  @Test
  void q19TopTenBidsOfEachAuctionMatchBoundedSelect() throws Exception {
    assertChangelogMatches("q19", 1_000, 0, 7);
  }

  /**
   * An updating query's changelog ({@code _op} column), folded by its upsert key: +I and +U set the
   * key's row, -U and -D remove it. Without a key ({@code key} empty) rows are folded as a
   * multiset: +I and +U add a copy of the row, -U and -D remove one. What is left equals the
   * bounded SELECT's rows.
   */
  private static void assertChangelogMatches(String name, int atLeast, int... key)
      throws Exception {
    String push = queryOf(name);
    Session changelog = new Session();
    engine.execute(changelog, "SET 'changelog.columns' = 'true'");
    StatementResult.Rows result = (StatementResult.Rows) engine.execute(changelog, push);
    Map<List<Object>, Object[]> folded = new HashMap<>();
    Map<String, Integer> copies = new HashMap<>();
    long deadline = System.currentTimeMillis() + 120_000;
    int changes = 0;
    while (true) {
      QueryOutput.Chunk chunk = result.rows().poll(100_000, 200);
      for (Object[] row : chunk.rows()) {
        Object[] values = Arrays.copyOfRange(row, 2, row.length);
        List<Object> rowKey = new ArrayList<>();
        for (int k : key) {
          rowKey.add(values[k]);
        }
        String op = String.valueOf(row[1]);
        if (key.length == 0) {
          String text = Arrays.toString(values);
          int delta = op.equals("+I") || op.equals("+U") ? 1 : -1;
          int count = copies.merge(text, delta, Integer::sum);
          assertThat(count).as("%s retracts a row it never sent: %s", op, text).isNotNegative();
        } else if (op.equals("+I") || op.equals("+U")) {
          folded.put(rowKey, values);
        } else {
          assertThat(folded.remove(rowKey))
              .as("%s retracts a row it never sent: %s", op, rowKey)
              .isNotNull();
        }
        changes++;
      }
      if (chunk.done()) {
        break;
      }
      assertThat(System.currentTimeMillis()).as("%s did not end", push).isLessThan(deadline);
    }
    List<String> streamed = new ArrayList<>();
    for (Object[] values : folded.values()) {
      streamed.add(Arrays.toString(values));
    }
    copies.forEach((text, count) -> streamed.addAll(java.util.Collections.nCopies(count, text)));
    List<String> bounded = run(bounded(push)).rows;
    assertThat(streamed).hasSizeGreaterThanOrEqualTo(atLeast);
    assertThat(changes).isGreaterThan(streamed.size());
    assertThat(sorted(streamed)).isEqualTo(sorted(bounded));
  }

  private static Map<String, String> parameters() {
    return new QueryRunner(sql, RATE, EVENTS_PER_TRIGGER, 60_000).parameters(EVENTS, workDir);
  }

  private static String queryOf(String name) {
    List<String> statements =
        sql.query(
            name,
            new QueryRunner(sql, RATE, EVENTS_PER_TRIGGER, 60_000).parameters(EVENTS, workDir));
    return statements.get(statements.size() - 1);
  }

  /** Runs the statements before the query (CREATE FUNCTION …), then compares the query. */
  private static void assertStatelessMatches(String name, int atLeast) throws Exception {
    List<String> statements =
        sql.query(
            name,
            new QueryRunner(sql, RATE, EVENTS_PER_TRIGGER, 60_000).parameters(EVENTS, workDir));
    for (String statement : statements.subList(0, statements.size() - 1)) {
      engine.execute(SESSION, statement);
    }
    assertMatches(queryOf(name), atLeast);
  }

  private static void assertMatches(String nameOrQuery, int atLeast) throws Exception {
    String push = nameOrQuery.matches("q[0-9]+") ? queryOf(nameOrQuery) : nameOrQuery;
    Run streaming = run(push);
    List<String> bounded = run(bounded(push)).rows;
    assertThat(streaming.rows).hasSizeGreaterThanOrEqualTo(atLeast);
    assertThat(sorted(streaming.rows)).isEqualTo(sorted(bounded));
    // The generator's stream ended, so its watermark reached the end of time and closed every
    // window; the batches before that were incremental.
    assertThat(streaming.watermark).isEqualTo(Long.MAX_VALUE);
    assertThat(streaming.batches).isGreaterThan(2);
  }

  private static String bounded(String push) {
    assertThat(SELECT_STREAM.matcher(push).find()).as("a push query: %s", push).isTrue();
    return SELECT_STREAM.matcher(push).replaceFirst("SELECT");
  }

  /** Rows of a query that ends by itself, and the watermark of its last batch. */
  private record Run(List<String> rows, Long watermark, int batches) {}

  private static Run run(String query) throws Exception {
    StatementResult.Rows result = (StatementResult.Rows) engine.execute(SESSION, query);
    List<Column> columns = result.columns();
    List<String> rows = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      QueryOutput.Chunk chunk = result.rows().poll(100_000, 200);
      for (Object[] row : chunk.rows()) {
        rows.add(Arrays.toString(row));
      }
      if (chunk.done()) {
        break;
      }
      assertThat(System.currentTimeMillis()).as("%s did not end", query).isLessThan(deadline);
    }
    assertThat(columns).isNotEmpty();
    List<BatchProgress> progress = ((QueryRows) result.rows()).query().recentProgress();
    Long watermark = progress.isEmpty() ? null : progress.get(progress.size() - 1).watermark();
    return new Run(rows, watermark, progress.size());
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }
}
