package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.changelog.ChangelogMode;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.connector.SinkInput;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDBC sink against real PostgreSQL and MariaDB servers: what each changelog does to the table,
 * exactly once across replays and lost transactions, refusals that name what does not fit, retries
 * after the database went away, and no password in any message.
 */
@Timeout(300)
class JdbcSinkTest {
  private static final List<Column> COLUMNS =
      List.of(
          new Column("page", ColumnType.VARCHAR, 20, -1, false),
          new Column("clicks", ColumnType.BIGINT, -1, -1, true),
          new Column("last_seen", ColumnType.TIMESTAMP, 3, -1, true));

  private static PostgresServer postgres;
  private static MariaDbServer mariadb;
  private static int tables;

  @BeforeAll
  static void startDatabases() throws Exception {
    postgres = PostgresServer.start();
    mariadb = MariaDbServer.start();
  }

  @AfterAll
  static void stopDatabases() {
    if (postgres != null) {
      postgres.close();
    }
    if (mariadb != null) {
      mariadb.close();
    }
  }

  private static TestDatabase database(String name) {
    return name.equals("postgresql") ? postgres : mariadb;
  }

  /** A new table for one test: page is its primary key unless {@code keyed} is false. */
  private static String table(TestDatabase db, boolean keyed) throws Exception {
    String name = "page_clicks_" + ++tables;
    String time = db == postgres ? "TIMESTAMP(3)" : "DATETIME(3)";
    db.execute(
        "CREATE TABLE "
            + name
            + " (page VARCHAR(20) NOT NULL"
            + (keyed ? " PRIMARY KEY" : "")
            + ", clicks BIGINT, last_seen "
            + time
            + ")");
    return name;
  }

  private static SourceContext context(TestDatabase db, String table, String... extra) {
    Map<String, String> options = new HashMap<>();
    options.put("connector", "jdbc");
    options.put("url", db.url());
    options.put("table-name", table);
    options.put("username", TestDatabase.USER);
    options.put("password", TestDatabase.PASSWORD);
    options.put("sink.buffer-flush.max-rows", "2");
    for (int i = 0; i < extra.length; i += 2) {
      options.put(extra[i], extra[i + 1]);
    }
    return new SourceContext("clicks_sink", COLUMNS, options, Path.of("."), new SourceMetrics());
  }

  private static JdbcSink sink(TestDatabase db, String table, ChangelogMode mode, String... extra) {
    SourceContext context = context(db, table, extra);
    List<Integer> key = mode.isUpdating() && !mode.completeEachBatch() ? List.of(0) : List.of();
    return new JdbcSink(new JdbcOptions(context), COLUMNS, new SinkInput("clicks_sink", mode, key));
  }

  /** Rows of (kind, page, clicks); last_seen is 2026-01-01 00:00:{clicks}. */
  private static Batch rows(Object... kindPageClicks) {
    BatchBuilder builder =
        new BatchBuilder(List.of(ColumnType.VARCHAR, ColumnType.BIGINT, ColumnType.TIMESTAMP), 4);
    List<RowKind> kinds = new ArrayList<>();
    for (int i = 0; i < kindPageClicks.length; i += 3) {
      kinds.add((RowKind) kindPageClicks[i]);
      builder.setObject(0, kindPageClicks[i + 1]);
      long clicks = (Long) kindPageClicks[i + 2];
      builder.setLong(1, clicks);
      builder.setLong(2, 1_767_225_600_000L + clicks * 1000);
      builder.endRow();
    }
    Batch batch = builder.build();
    byte[] bytes = new byte[kinds.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = kinds.get(i).toByte();
    }
    return new Batch(batch.columns(), batch.rowCount(), bytes);
  }

  private static void run(JdbcSink sink, long batchId, Batch rows) {
    sink.write(batchId, rows);
    sink.commit(batchId);
  }

  private static List<String> content(TestDatabase db, String table) throws Exception {
    return db.query("SELECT page, clicks FROM " + table + " ORDER BY page");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void appendInsertsEachBatchOnceEvenWhenReplayed(String name) throws Exception {
    TestDatabase db = database(name);
    String table = table(db, false);
    try (JdbcSink sink = sink(db, table, ChangelogMode.INSERT_ONLY)) {
      sink.startFresh();
      run(
          sink,
          0,
          rows(RowKind.INSERT, "/a", 1L, RowKind.INSERT, "/b", 2L, RowKind.INSERT, "/c", 3L));
      run(sink, 1, rows(RowKind.INSERT, "/a", 4L));
    }
    assertThat(content(db, table)).containsExactly("/a | 1", "/a | 4", "/b | 2", "/c | 3");
    // a restarted server replays batch 1, which the database committed before the crash
    try (JdbcSink sink = sink(db, table, ChangelogMode.INSERT_ONLY)) {
      run(sink, 1, rows(RowKind.INSERT, "/a", 4L));
      run(sink, 2, rows(RowKind.INSERT, "/d", 5L));
    }
    assertThat(content(db, table))
        .containsExactly("/a | 1", "/a | 4", "/b | 2", "/c | 3", "/d | 5");
    assertThat(
            db.query("SELECT batch_id FROM sluice_sink_progress WHERE sink_name = 'clicks_sink'"))
        .containsExactly("2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void updatesUpsertByKeyAndDeletesRemoveTheKeysRow(String name) throws Exception {
    TestDatabase db = database(name);
    String table = table(db, true);
    try (JdbcSink sink = sink(db, table, ChangelogMode.UPSERT)) {
      sink.startFresh();
      run(
          sink,
          0,
          rows(RowKind.INSERT, "/a", 1L, RowKind.INSERT, "/b", 1L, RowKind.INSERT, "/c", 1L));
      assertThat(content(db, table)).containsExactly("/a | 1", "/b | 1", "/c | 1");
      run(
          sink,
          1,
          rows(
              RowKind.UPDATE_AFTER,
              "/a",
              2L,
              RowKind.DELETE,
              "/b",
              1L,
              RowKind.UPDATE_AFTER,
              "/a",
              3L,
              RowKind.INSERT,
              "/d",
              1L,
              RowKind.DELETE,
              "/c",
              1L,
              RowKind.INSERT,
              "/c",
              7L));
      assertThat(content(db, table)).containsExactly("/a | 3", "/c | 7", "/d | 1");
      // a retraction stream: -U then +U of a key; a keyed sink ignores the -U, even alone
      run(sink, 2, rows(RowKind.UPDATE_BEFORE, "/d", 1L, RowKind.UPDATE_AFTER, "/d", 2L));
      assertThat(content(db, table)).containsExactly("/a | 3", "/c | 7", "/d | 2");
      run(sink, 3, rows(RowKind.UPDATE_BEFORE, "/c", 7L));
      assertThat(content(db, table)).containsExactly("/a | 3", "/c | 7", "/d | 2");
    }
    assertThat(db.query("SELECT last_seen FROM " + table + " WHERE page = '/a'"))
        .containsExactly("2026-01-01 00:00:03" + (db == postgres ? "" : ".000"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aBatchIsInvisibleUntilCommittedAndGoneWhenTheSinkDiesBeforeIt(String name) throws Exception {
    TestDatabase db = database(name);
    String table = table(db, true);
    try (JdbcSink sink = sink(db, table, ChangelogMode.UPSERT)) {
      sink.startFresh();
      run(sink, 0, rows(RowKind.INSERT, "/a", 1L));
      sink.write(1, rows(RowKind.UPDATE_AFTER, "/a", 2L, RowKind.INSERT, "/b", 1L));
      assertThat(content(db, table)).containsExactly("/a | 1");
      // the server dies here: its transaction goes with its connection
    }
    assertThat(content(db, table)).containsExactly("/a | 1");
    try (JdbcSink sink = sink(db, table, ChangelogMode.UPSERT)) {
      run(sink, 1, rows(RowKind.UPDATE_AFTER, "/a", 2L, RowKind.INSERT, "/b", 1L));
    }
    assertThat(content(db, table)).containsExactly("/a | 2", "/b | 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void completeModeReplacesTheWholeTableInOneTransaction(String name) throws Exception {
    TestDatabase db = database(name);
    String table = table(db, false);
    try (JdbcSink sink = sink(db, table, ChangelogMode.COMPLETE)) {
      sink.startFresh();
      run(sink, 0, rows(RowKind.INSERT, "/a", 1L, RowKind.INSERT, "/b", 1L));
      sink.write(
          1, rows(RowKind.INSERT, "/a", 2L, RowKind.INSERT, "/b", 1L, RowKind.INSERT, "/c", 1L));
      // readers see the old table until the new one is committed, never a mix or nothing
      assertThat(content(db, table)).containsExactly("/a | 1", "/b | 1");
      sink.commit(1);
      assertThat(content(db, table)).containsExactly("/a | 2", "/b | 1", "/c | 1");
      run(sink, 2, rows(RowKind.INSERT, "/c", 5L));
      assertThat(content(db, table)).containsExactly("/c | 5");
      run(sink, 3, rows());
      assertThat(content(db, table)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aLostConnectionIsRetriedAndTheBatchLandsOnce(String name) throws Exception {
    TestDatabase db = database(name);
    String table = table(db, true);
    try (JdbcSink sink = sink(db, table, ChangelogMode.UPSERT, "sink.max-retries", "10")) {
      sink.startFresh();
      run(sink, 0, rows(RowKind.INSERT, "/a", 1L));
      db.restart();
      run(sink, 1, rows(RowKind.UPDATE_AFTER, "/a", 2L, RowKind.INSERT, "/b", 1L));
      sink.write(2, rows(RowKind.INSERT, "/c", 1L));
      db.restart();
      sink.commit(2);
    }
    assertThat(content(db, table)).containsExactly("/a | 2", "/b | 1", "/c | 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void updatesWithoutAKeyAreRefusedNamingWhy(String name) {
    TestDatabase db = database(name);
    SourceContext context = context(db, "anything");
    assertThatThrownBy(
            () ->
                new JdbcSink(
                    new JdbcOptions(context),
                    COLUMNS,
                    new SinkInput("clicks_sink", ChangelogMode.UPSERT, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Sink 'clicks_sink' receives updates [+I,+U,-D]")
        .hasMessageContaining("no key to update them by in table 'anything'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aTableThatDoesNotFitIsRefusedNamingTableAndColumn(String name) throws Exception {
    TestDatabase db = database(name);
    try (JdbcSink sink = sink(db, "no_such_table", ChangelogMode.UPSERT)) {
      assertThatThrownBy(sink::startFresh)
          .hasMessageContaining(
              "Table 'no_such_table' of 'clicks_sink' does not exist in " + db.name())
          .hasMessageContaining(
              "create it, e.g. CREATE TABLE no_such_table (page VARCHAR(20) NOT NULL, clicks BIGINT,")
          .hasMessageContaining("PRIMARY KEY (page))");
    }
    String missingColumn = "missing_column_" + ++tables;
    db.execute("CREATE TABLE " + missingColumn + " (page VARCHAR(20) PRIMARY KEY, clicks BIGINT)");
    try (JdbcSink sink = sink(db, missingColumn, ChangelogMode.UPSERT)) {
      assertThatThrownBy(sink::startFresh)
          .hasMessageContaining(
              "Table '"
                  + missingColumn
                  + "' ("
                  + db.name()
                  + " at "
                  + db.url()
                  + ") has no column 'last_seen'")
          .hasMessageContaining("its columns: page, clicks");
    }
    String wrongType = "wrong_type_" + ++tables;
    db.execute(
        "CREATE TABLE "
            + wrongType
            + " (page VARCHAR(20) PRIMARY KEY, clicks BIGINT, last_seen DATE)");
    try (JdbcSink sink = sink(db, wrongType, ChangelogMode.UPSERT)) {
      assertThatThrownBy(sink::startFresh)
          .hasMessageContaining("Column 'last_seen' of table '" + wrongType + "'")
          .hasMessageContaining("is date, but sink 'clicks_sink' writes TIMESTAMP values into it");
    }
    String unkeyed = table(db, false);
    try (JdbcSink sink = sink(db, unkeyed, ChangelogMode.UPSERT)) {
      assertThatThrownBy(sink::startFresh)
          .hasMessageContaining(
              "Table '"
                  + unkeyed
                  + "' ("
                  + db.name()
                  + " at "
                  + db.url()
                  + ") has no PRIMARY KEY or UNIQUE constraint on (page)")
          .hasMessageContaining("ALTER TABLE " + unkeyed + " ADD PRIMARY KEY (page)");
    }
    String extraColumn = "extra_column_" + ++tables;
    db.execute(
        "CREATE TABLE "
            + extraColumn
            + " (page VARCHAR(20) PRIMARY KEY, clicks BIGINT, last_seen "
            + (db == postgres ? "TIMESTAMP" : "DATETIME")
            + ", region VARCHAR(10) NOT NULL)");
    try (JdbcSink sink = sink(db, extraColumn, ChangelogMode.UPSERT)) {
      assertThatThrownBy(sink::startFresh)
          .hasMessageContaining("Column 'region' of table '" + extraColumn + "'")
          .hasMessageContaining(
              "is NOT NULL without a default, and sink 'clicks_sink' writes no value into it");
    }
    // a value longer than the column allows is named before the database refuses it vaguely
    String keyed = table(db, true);
    try (JdbcSink sink = sink(db, keyed, ChangelogMode.UPSERT)) {
      sink.startFresh();
      assertThatThrownBy(() -> run(sink, 0, rows(RowKind.INSERT, "/a-page-name-far-too-long", 1L)))
          .hasMessageContaining(
              "Sink 'clicks_sink' writes '/a-page-name-far-too-long' (25 characters) into column"
                  + " 'page' of table '"
                  + keyed
                  + "'")
          .hasMessageContaining("which holds at most 20");
    }
    assertThat(content(db, keyed)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void passwordsShowNowhere(String name) throws Exception {
    TestDatabase db = database(name);
    // a wrong password in the URL: the error names the database, not the password
    String table = table(db, true);
    try (JdbcSink sink =
        new JdbcSink(
            new JdbcOptions(
                new SourceContext(
                    "clicks_sink",
                    COLUMNS,
                    Map.of(
                        "connector",
                        "jdbc",
                        "url",
                        db.url() + "?user=sluice&password=Wrong-Secret-42",
                        "table-name",
                        table,
                        "connection.max-retry-timeout",
                        "2s"),
                    Path.of("."),
                    new SourceMetrics())),
            COLUMNS,
            new SinkInput("clicks_sink", ChangelogMode.UPSERT, List.of(0)))) {
      assertThatThrownBy(sink::startFresh)
          .hasMessageContaining("JDBC sink 'clicks_sink' could not start")
          .hasMessageContaining("password=****")
          .hasMessageNotContaining("Wrong-Secret-42");
    }
    JdbcOptions options = new JdbcOptions(context(db, table));
    assertThat(options.toString()).doesNotContain(TestDatabase.PASSWORD);
    // shown wherever options are (system tables, errors, logs)
    assertThat(
            io.sluice.spi.connector.SecretOptions.mask(
                "url", db.url() + "?user=sluice&password=" + TestDatabase.PASSWORD))
        .isEqualTo(db.url() + "?user=sluice&password=****");
    assertThat(
            io.sluice.spi.connector.SecretOptions.maskSql(
                "CREATE SINK s WITH ('url' = 'jdbc:mariadb://u:pw-1@h/db', 'password' = 'pw-2')"))
        .isEqualTo(
            "CREATE SINK s WITH ('url' = 'jdbc:mariadb://u:****@h/db', 'password' = '****')");
    assertThat(JdbcUrls.mask("jdbc:postgresql://u:Top-Secret@h/db?password=x&ssl=true"))
        .isEqualTo("jdbc:postgresql://u:****@h/db?password=****&ssl=true");
  }
}
