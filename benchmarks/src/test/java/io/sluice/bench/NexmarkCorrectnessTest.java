package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.catalog.Column;
import io.sluice.connector.datagen.nexmark.NexmarkConfig;
import io.sluice.error.SluiceException;
import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.QueryOutput;
import io.sluice.server.QueryRows;
import io.sluice.server.Session;
import io.sluice.server.SluiceEngine;
import io.sluice.server.StatementResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Nexmark query run as a push query over a fixed 100 000 events gives what the same SQL gives
 * as a plain bounded SELECT over the same events.
 *
 * <p>The comparison is fair to windows: a push query with trigger {@code available-now} ends when
 * the events run out, and only windows the watermark closed by then (end at or before the last
 * event's time minus the 4 s delay) have been emitted; a bounded SELECT closes every window at end
 * of input. So windowed results are compared for the windows closed in the push run, and the
 * bounded run must hold more (the still-open windows), which shows the filter is not vacuous.
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
    engine = new QueryRunner(sql, RATE, EVENTS_PER_TRIGGER, 60_000)
        .openEngine(workDir, SESSION, EVENTS);
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

  // q5, q7 and q8 cannot run as push queries yet: each asserts the planner's exact message, so
  // this test fails (and the query should join the comparisons) once the feature lands.

  @Test
  void q5HotItemsNeedsJoinsOfWindowedAggregates() {
    assertThatThrownBy(() -> engine.execute(SESSION, queryOf("q5")))
        .isInstanceOf(SluiceException.class)
        .hasMessage("JOIN of an updating result (a join over an aggregate) is not supported by "
            + "Sluice yet");
  }

  @Test
  void q7HighestBidNeedsAJoinBoundByTheWindowEnd() {
    // The bound in WHERE makes it an interval join, but its other side is a windowed aggregate.
    assertThatThrownBy(() -> engine.execute(SESSION, queryOf("q7")))
        .isInstanceOf(SluiceException.class)
        .hasMessage("An interval join over the result of a windowed aggregate is not supported "
            + "by Sluice yet");
  }

  @Test
  void q8NewUsersNeedsAJoinOnTheWindow() {
    assertThatThrownBy(() -> engine.execute(SESSION, queryOf("q8")))
        .isInstanceOf(SluiceException.class)
        .hasMessage("An interval join over the result of a windowed aggregate is not supported "
            + "by Sluice yet");
  }

  // The windowed halves of q5 and q7 do run; they check the closed-window comparison itself.

  @Test
  void q5HopCountsMatchBoundedSelectForClosedWindows() throws Exception {
    assertWindowedMatches("SELECT STREAM auction, COUNT(*) AS num, window_start AS starttime, "
        + "window_end AS endtime FROM TABLE(HOP(TABLE bid, DESCRIPTOR(date_time), "
        + "INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end",
        3);
  }

  @Test
  void q7TumblingMaximumMatchesBoundedSelectForClosedWindows() throws Exception {
    assertWindowedMatches("SELECT STREAM MAX(price) AS maxprice, window_start, "
        + "window_end AS date_time FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), "
        + "INTERVAL '10' SECOND)) GROUP BY window_start, window_end", 2);
  }

  private static String queryOf(String name) {
    List<String> statements = sql.query(name, new QueryRunner(sql, RATE, EVENTS_PER_TRIGGER,
        60_000).parameters(EVENTS, workDir));
    return statements.get(statements.size() - 1);
  }

  private static void assertStatelessMatches(String name, int atLeast) throws Exception {
    String push = queryOf(name);
    Run streaming = run(push);
    List<String> bounded = run(bounded(push)).rows;
    assertThat(streaming.rows).hasSizeGreaterThanOrEqualTo(atLeast);
    assertThat(sorted(streaming.rows)).isEqualTo(sorted(bounded));
  }

  /** {@code windowEndColumn}: position of the window's end in each row. */
  private static void assertWindowedMatches(String push, int windowEndColumn) throws Exception {
    Run streaming = run(push);
    long lastEventTime = NexmarkConfig.DEFAULT_BASE_TIME_MILLIS + (EVENTS - 1) * 1000 / RATE;
    assertThat(streaming.watermark).isEqualTo(lastEventTime - 4_000);
    List<String> closed = new ArrayList<>();
    Run bounded = run(bounded(push));
    for (int i = 0; i < bounded.rows.size(); i++) {
      if ((Long) bounded.values.get(i)[windowEndColumn] <= streaming.watermark) {
        closed.add(bounded.rows.get(i));
      }
    }
    assertThat(streaming.rows).isNotEmpty();
    assertThat(closed).hasSizeLessThan(bounded.rows.size());
    assertThat(sorted(streaming.rows)).isEqualTo(sorted(closed));
  }

  private static String bounded(String push) {
    assertThat(SELECT_STREAM.matcher(push).find()).as("a push query: %s", push).isTrue();
    return SELECT_STREAM.matcher(push).replaceFirst("SELECT");
  }

  /** Rows of a query that ends by itself, and the watermark of its last batch. */
  private record Run(List<String> rows, List<Object[]> values, Long watermark) {
  }

  private static Run run(String query) throws Exception {
    StatementResult.Rows result = (StatementResult.Rows) engine.execute(SESSION, query);
    List<Column> columns = result.columns();
    List<String> rows = new ArrayList<>();
    List<Object[]> values = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      QueryOutput.Chunk chunk = result.rows().poll(100_000, 200);
      for (Object[] row : chunk.rows()) {
        values.add(row);
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
    return new Run(rows, values, watermark);
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }
}
