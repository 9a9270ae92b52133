package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.e2e.TestingServer;
import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.RunningQuery;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI shares the JDBC port: a real server runs a push query over a rate stream, and headless
 * Chromium loads the page and draws the query's charts from live progress.
 */
@Timeout(120)
class WebUiTest {
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final Duration CHROMIUM_PATIENCE = Duration.ofSeconds(60);
  // SQL text that would add an element to the page if the UI put it there as HTML.
  private static final String INJECTION = "<b id=\"injected\">x</b>";
  private static final String QUERY =
      "SELECT STREAM /* "
          + INJECTION
          + " */ "
          + "TUMBLE_START(ts, INTERVAL '1' SECOND) AS ws, COUNT(*) AS n "
          + "FROM ticks GROUP BY TUMBLE(ts, INTERVAL '1' SECOND)";
  private static final List<String> CHARTS =
      List.of("inputRate", "processingRate", "batchDuration", "watermarkDelay", "stateSize");

  @TempDir Path temp;
  private TestingServer server;
  private Connection connection;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    connection = server.connect();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (Statement statement = connection.createStatement()) {
      // A windowed aggregate keeps state (open windows) and has a watermark: every chart has data.
      statement.execute(
          "CREATE STREAM ticks (n BIGINT, ts TIMESTAMP(3), "
              + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', "
              + "'kind' = 'rate', 'rows-per-second' = '200')");
    }
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    server.close();
  }

  @Test
  void pageChartsTheLiveProgressOfARunningQuery() throws Exception {
    Path chromium = chromium();
    try (Statement statement = connection.createStatement()) {
      ResultSet rows = statement.executeQuery(QUERY);
      RunningQuery query = awaitBatches(2);

      String dom = chromium(chromium, "--dump-dom", "--virtual-time-budget=5000");

      assertThat(attribute(dom, "<body[^>]*>", "data-refreshes"))
          .as("the page refreshes from /api/queries")
          .isNotNull();
      assertThat(Integer.parseInt(attribute(dom, "<body[^>]*>", "data-refreshes")))
          .as("refreshes within 5 s of (virtual) time")
          .isGreaterThanOrEqualTo(2);
      String card = "<section[^>]*data-query-id=\"" + query.id() + "\"[^>]*>";
      assertThat(attribute(dom, card, "data-state")).isEqualTo("RUNNING");

      Map<String, Map<String, String>> charts = charts(dom);
      assertThat(charts.keySet()).containsExactlyInAnyOrderElementsOf(CHARTS);
      for (String chart : CHARTS) {
        assertThat(Integer.parseInt(charts.get(chart).get("data-points")))
            .as("points plotted on %s", chart)
            .isGreaterThan(1);
        assertThat(charts.get(chart).get("data-latest")).as("latest %s", chart).isNotNull();
      }
      assertThat(latest(charts, "inputRate")).as("rows/s in").isPositive();
      assertThat(latest(charts, "processingRate")).as("rows/s processed").isPositive();
      assertThat(latest(charts, "batchDuration")).isNotNegative();
      // The watermark trails event time by the declared second, and event time trails the clock.
      assertThat(latest(charts, "watermarkDelay")).isGreaterThanOrEqualTo(1000);
      assertThat(latest(charts, "stateSize")).as("bytes of open windows").isPositive();

      assertThat(dom)
          .as("SQL shown as text")
          .contains("&lt;b id=\"injected\"&gt;x&lt;/b&gt;")
          .doesNotContain(INJECTION);
      rows.close();
    }
  }

  @Test
  void apiListsQueriesWithProgressAndPostsStillReachAvatica() throws Exception {
    try (Statement statement = connection.createStatement()) {
      ResultSet rows = statement.executeQuery(QUERY);
      RunningQuery query = awaitBatches(2);

      HttpResponse<String> api = get("/api/queries");
      assertThat(api.statusCode()).isEqualTo(200);
      assertThat(api.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      JsonNode json = new ObjectMapper().readTree(api.body());
      JsonNode listed = null;
      for (JsonNode node : json.get("queries")) {
        if (node.get("id").asText().equals(query.id())) {
          listed = node;
        }
      }
      assertThat(listed).as("query %s in %s", query.id(), api.body()).isNotNull();
      assertThat(listed.get("sql").asText()).isEqualTo(QUERY);
      assertThat(listed.get("state").asText()).isEqualTo("RUNNING");
      assertThat(listed.get("push").asBoolean()).isTrue();
      JsonNode progress = listed.get("progress");
      assertThat(progress.size()).isGreaterThanOrEqualTo(2);
      JsonNode last = progress.get(progress.size() - 1);
      assertThat(listed.get("lastBatchId").asLong()).isEqualTo(last.get("batchId").asLong());
      assertThat(last.get("watermarkDelayMillis").asLong())
          .isEqualTo(last.get("startedAtMillis").asLong() - last.get("watermark").asLong());

      HttpResponse<String> page = get("/ui/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("/api/queries").doesNotContain("http://", "https://");
      assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
      // the page carries the queries as of serving it, escaped so no SQL text can end its script
      assertThat(page.body())
          .contains("<script id=\"initial-data\" type=\"application/json\">{")
          .contains("\"id\":\"" + query.id() + "\"")
          .doesNotContain(INJECTION)
          .contains("\\u003cb id=\\\"injected\\\"\\u003e");
      assertThat(get("/").body()).contains("\"id\":\"" + query.id() + "\"");
      assertThat(get("/no-such-page").statusCode()).isEqualTo(404);

      // The JDBC driver's POSTs still reach Avatica, next to the UI's GETs.
      assertThat(rows.next()).isTrue();
      rows.close();
    }
  }

  @Test
  void pageShowsBadRecordsLateRowsAndDurationsInHumanUnits() throws Exception {
    Path chromium = chromium();
    Path input = Files.createDirectories(temp.resolve("bids"));
    Files.writeString(
        input.resolve("1.csv"),
        "10,2024-01-01 00:00:01\nnot a bid\n20,2024-01-01 00:00:05\n30,2024-01-01 00:00:09\n");
    // older than the watermark (00:00:08) once the first file is read: late
    Files.writeString(input.resolve("2.csv"), "40,2024-01-01 00:00:02\n");
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM bids (price BIGINT, ts TIMESTAMP(3), "
              + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
              + "'path' = '"
              + input
              + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
      ResultSet rows =
          statement.executeQuery(
              "SELECT STREAM TUMBLE_START(ts, INTERVAL '2' SECOND) AS ws, COUNT(*) AS n "
                  + "FROM bids GROUP BY TUMBLE(ts, INTERVAL '2' SECOND)");
      RunningQuery query = awaitLastBatch(b -> b.badRecordsTotal() == 1 && b.lateRowsTotal() == 1);

      String dom = chromium(chromium, "--dump-dom", "--virtual-time-budget=3000");

      String card = card(dom, query.id());
      assertThat(fact(card, "badRecords")).isEqualTo("1");
      assertThat(fact(card, "lateRows")).isEqualTo("1");
      assertThat(fact(card, "startedBy")).isEqualTo("anonymous");
      assertThat(card)
          .containsPattern("<dd data-fact=\"badRecords\"[^>]*class=\"nonzero\"")
          .containsPattern("<dd data-fact=\"lateRows\"[^>]*class=\"nonzero\"");
      // event time in 2024 trails the clock by days: said in days and hours, not 486371.7 min
      Matcher delay =
          Pattern.compile("data-value-of=\"watermarkDelay\"[^>]*>([^<]*)<").matcher(card);
      assertThat(delay.find()).isTrue();
      assertThat(delay.group(1)).matches("\\d+ d( \\d{1,2} h)?");
      assertThat(dom).doesNotContainPattern("\\d\\.\\d min");
      rows.close();
    }
  }

  @Test
  void pageShowsItsQueriesBeforeAnyRefresh() throws Exception {
    Path chromium = chromium();
    try (Statement statement = connection.createStatement()) {
      ResultSet rows = statement.executeQuery(QUERY);
      RunningQuery query = awaitBatches(2);
      // the page as served, opened from a file: its API is out of reach, so whatever the page
      // shows comes from the data it was served with
      Path page = temp.resolve("page.html");
      Files.writeString(page, get("/").body());

      String dom =
          chromium(chromium, page.toUri().toString(), "--dump-dom", "--virtual-time-budget=2000");

      String card = card(dom, query.id());
      assertThat(attribute(card, "<section[^>]*>", "data-state")).isEqualTo("RUNNING");
      assertThat(card).contains("&lt;b id=\"injected\"&gt;x&lt;/b&gt;");
      assertThat(fact(card, "rows")).isNotEqualTo("0");
      assertThat(dom).doesNotContain("loading").contains("server unreachable");
      assertThat(attribute(dom, "<body[^>]*>", "data-refreshes")).isNull();
      rows.close();
    }
  }

  /** The card of query {@code id} in the dumped DOM. */
  private static String card(String dom, String id) {
    Matcher card =
        Pattern.compile(
                "<section[^>]*data-query-id=\"" + Pattern.quote(id) + "\".*?</section>",
                Pattern.DOTALL)
            .matcher(dom);
    assertThat(card.find()).as("card of %s in %s", id, dom).isTrue();
    return card.group();
  }

  /** The text of a card's fact ({@code data-fact}). */
  private static String fact(String card, String name) {
    Matcher fact =
        Pattern.compile("<dd[^>]*data-fact=\"" + name + "\"[^>]*>([^<]*)</dd>").matcher(card);
    assertThat(fact.find()).as("fact %s in %s", name, card).isTrue();
    return fact.group(1);
  }

  /** Waits for the one running query's last batch to satisfy {@code done}. */
  private RunningQuery awaitLastBatch(java.util.function.Predicate<BatchProgress> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<RunningQuery> queries = server.server().engine().queries().list();
      if (queries.size() == 1) {
        List<BatchProgress> progress = queries.get(0).recentProgress();
        if (!progress.isEmpty() && done.test(progress.get(progress.size() - 1))) {
          return queries.get(0);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "No query's last batch as expected within "
            + PATIENCE
            + ": "
            + server.server().engine().queries().list().stream()
                .map(RunningQuery::recentProgress)
                .toList());
  }

  /** Waits for the one running query to have run {@code batches} batches and a watermark. */
  private RunningQuery awaitBatches(int batches) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<RunningQuery> queries = server.server().engine().queries().list();
      if (queries.size() == 1) {
        List<BatchProgress> progress = queries.get(0).recentProgress();
        if (progress.size() >= batches && progress.get(progress.size() - 1).watermark() != null) {
          return queries.get(0);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "No query ran "
            + batches
            + " batches with a watermark within "
            + PATIENCE
            + ": "
            + server.server().engine().queries().list());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(PATIENCE).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return "http://localhost:" + server.server().port();
  }

  /** Chromium on the path; fails under CI, which installs it, and skips elsewhere. */
  private static Path chromium() {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(directory, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    String message =
        "Chromium is not on the PATH; the web UI test needs it "
            + "(apt-get install chromium; .ci/run installs it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
    return null;
  }

  /**
   * Runs headless Chromium on the page (or on a {@code file:} URL given first) and returns what it
   * printed; bounded in time.
   */
  private String chromium(Path chromium, String... action) throws Exception {
    Path profile = Files.createTempDirectory(temp, "chromium");
    Path out = temp.resolve("chromium.out");
    Path err = temp.resolve("chromium.err");
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile));
    List<String> actions = new ArrayList<>(List.of(action));
    String target = base() + "/";
    if (!actions.isEmpty() && actions.get(0).startsWith("file:")) {
      target = actions.remove(0);
    }
    command.addAll(actions);
    command.add(target);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!process.waitFor(CHROMIUM_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        fail(
            "Chromium did not finish within "
                + CHROMIUM_PATIENCE
                + "; stderr:\n"
                + Files.readString(err));
      }
      assertThat(process.exitValue())
          .as("Chromium's exit code; stderr:\n%s", Files.readString(err))
          .isZero();
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      // Chromium forks renderer and utility processes; none may outlive the test.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** The attributes of each chart canvas, by its {@code data-metric}. */
  private static Map<String, Map<String, String>> charts(String dom) {
    Map<String, Map<String, String>> charts = new HashMap<>();
    Matcher canvas = Pattern.compile("<canvas[^>]*>").matcher(dom);
    while (canvas.find()) {
      Map<String, String> attributes = attributes(canvas.group());
      charts.put(attributes.get("data-metric"), attributes);
    }
    return charts;
  }

  private static double latest(Map<String, Map<String, String>> charts, String chart) {
    return Double.parseDouble(charts.get(chart).get("data-latest"));
  }

  /** An attribute of the first tag matching {@code tagPattern}, or null. */
  private static String attribute(String dom, String tagPattern, String name) {
    Matcher tag = Pattern.compile(tagPattern).matcher(dom);
    return tag.find() ? attributes(tag.group()).get(name) : null;
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> attributes = new HashMap<>();
    Matcher attribute = Pattern.compile("([\\w-]+)=\"([^\"]*)\"").matcher(tag);
    while (attribute.find()) {
      attributes.put(attribute.group(1), attribute.group(2));
    }
    return attributes;
  }
}
