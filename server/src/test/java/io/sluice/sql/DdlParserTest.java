package io.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sluice's DDL as users write it, next to the unparsed form or the node fields it must yield. */
class DdlParserTest {

  // --- CREATE STREAM -----------------------------------------------------------------------------

  @Test
  void createStreamWithColumnsOfEveryType() throws SqlParseException {
    SqlCreateStream stream =
        parse(
            """
        CREATE STREAM readings (
          id BIGINT NOT NULL,
          small SMALLINT,
          tiny TINYINT,
          num INT,
          whole INTEGER,
          price DECIMAL(10, 2),
          ratio DOUBLE,
          approx FLOAT,
          single REAL,
          ok BOOLEAN,
          code CHAR(3),
          name VARCHAR,
          label VARCHAR(20),
          payload VARBINARY,
          birthday DATE,
          at_time TIME,
          ts TIMESTAMP(3),
          local_ts TIMESTAMP WITH LOCAL TIME ZONE
        )""",
            SqlCreateStream.class);

    assertThat(stream.name().getSimple()).isEqualTo("readings");
    assertThat(stream.columns())
        .extracting(DdlParserTest::unparse)
        .containsExactly(
            "id BIGINT NOT NULL",
            "small SMALLINT",
            "tiny TINYINT",
            "num INTEGER",
            "whole INTEGER",
            "price DECIMAL(10, 2)",
            "ratio DOUBLE",
            "approx FLOAT",
            "single REAL",
            "ok BOOLEAN",
            "code CHAR(3)",
            "name VARCHAR",
            "label VARCHAR(20)",
            "payload VARBINARY",
            "birthday DATE",
            "at_time TIME",
            "ts TIMESTAMP(3)",
            "local_ts TIMESTAMP WITH LOCAL TIME ZONE");
    assertThat(stream.watermarks()).isEmpty();
    assertThat(stream.options()).isEmpty();
    assertThat(stream.ifNotExists()).isFalse();
  }

  @Test
  void createStreamWithWatermarkLateStreamAndOptions() throws SqlParseException {
    String sql =
        """
        CREATE STREAM bids (
          auction BIGINT, price BIGINT, date_time TIMESTAMP(3),
          WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND ON LATE INTO late_bids
        ) WITH ('connector' = 'kafka', 'topic' = 'bids', 'bootstrap.servers' = 'localhost:9092')""";

    assertUnparses(
        sql,
        "CREATE STREAM bids (auction BIGINT, price BIGINT,"
            + " date_time TIMESTAMP(3),"
            + " WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND ON LATE INTO late_bids)"
            + " WITH ('connector' = 'kafka', 'topic' = 'bids',"
            + " 'bootstrap.servers' = 'localhost:9092')");

    SqlCreateStream stream = parse(sql, SqlCreateStream.class);
    SqlWatermark watermark = stream.watermarks().get(0);
    assertThat(stream.watermarks()).hasSize(1);
    assertThat(watermark.column().getSimple()).isEqualTo("date_time");
    assertThat(watermark.expression().getKind()).isEqualTo(SqlKind.MINUS);
    assertThat(unparse(watermark.expression())).isEqualTo("date_time - INTERVAL '4' SECOND");
    assertThat(watermark.lateStream()).isNotNull();
    assertThat(watermark.lateStream().getSimple()).isEqualTo("late_bids");
    assertThat(stream.options())
        .containsExactly(
            entry("connector", "kafka"),
            entry("topic", "bids"),
            entry("bootstrap.servers", "localhost:9092"));
  }

  @Test
  void watermarkWithoutLateStreamDropsLateRows() throws SqlParseException {
    SqlCreateStream stream =
        parse("CREATE STREAM s (ts TIMESTAMP(3), WATERMARK FOR ts AS ts)", SqlCreateStream.class);

    assertThat(stream.watermarks().get(0).lateStream()).isNull();
  }

  @Test
  void optionKeysMayBeIdentifiers() throws SqlParseException {
    SqlCreateStream stream =
        parse(
            "CREATE STREAM s (a INT) WITH (connector = 'datagen', \"kind\" = 'nexmark')",
            SqlCreateStream.class);

    assertThat(stream.options())
        .containsExactly(entry("connector", "datagen"), entry("kind", "nexmark"));
  }

  @Test
  void columnNamedWatermarkStaysAColumn() throws SqlParseException {
    SqlCreateStream stream =
        parse(
            "CREATE STREAM s (watermark BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)",
            SqlCreateStream.class);

    assertThat(stream.columns())
        .extracting(c -> c.name.getSimple())
        .containsExactly("watermark", "ts");
    assertThat(stream.watermarks()).extracting(w -> w.column().getSimple()).containsExactly("ts");
    assertThat(parse("SELECT watermark FROM s", SqlSelect.class).getSelectList())
        .extracting(DdlParserTest::unparse)
        .containsExactly("watermark");
  }

  @Test
  void createStreamIfNotExists() throws SqlParseException {
    assertUnparses(
        "create stream if not exists s (a int)", "CREATE STREAM IF NOT EXISTS s (a INTEGER)");
    assertThat(parse("create stream if not exists s (a int)", SqlCreateStream.class).ifNotExists())
        .isTrue();
  }

  @Test
  void createOrReplaceStreamKeepsTheFlag() throws SqlParseException {
    // The parser accepts OR REPLACE on every CREATE; whether it is allowed is the executor's call.
    assertUnparses("create or replace stream s (a int)", "CREATE OR REPLACE STREAM s (a INTEGER)");
    assertThat(parse("create or replace stream s (a int)", SqlCreateStream.class).getReplace())
        .isTrue();
  }

  @Test
  void optionPositionPointsAtTheValue() throws SqlParseException {
    SqlCreateStream stream =
        parse(
            "CREATE STREAM s (a INT)\nWITH ('connector' = 'kafka',\n  'topic' = 'bids')",
            SqlCreateStream.class);

    assertThat(stream.optionPosition("topic").getLineNum()).isEqualTo(3);
    assertThat(stream.optionPosition("topic").getColumnNum()).isEqualTo(13);
    assertThat(stream.optionPosition("absent")).isEqualTo(stream.getParserPosition());
  }

  @Test
  void identifiersKeepTheirCase() throws SqlParseException {
    SqlCreateStream stream =
        parse("CREATE STREAM Clicks (UserId BIGINT, \"Page Url\" VARCHAR)", SqlCreateStream.class);

    assertThat(stream.name().getSimple()).isEqualTo("Clicks");
    assertThat(stream.columns())
        .extracting(c -> c.name.getSimple())
        .containsExactly("UserId", "Page Url");
  }

  // --- CREATE TABLE ------------------------------------------------------------------------------

  @Test
  void createTableWithColumnPrimaryKey() throws SqlParseException {
    String sql =
        "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR)"
            + " WITH ('connector' = 'files', 'path' = 'data/users.csv', 'format' = 'csv')";

    // A column-level key unparses in its table-level spelling; both mean the same.
    assertUnparses(
        sql,
        "CREATE TABLE users (id BIGINT, name VARCHAR, PRIMARY KEY (id))"
            + " WITH ('connector' = 'files', 'path' = 'data/users.csv', 'format' = 'csv')");

    SqlCreateTable table = parse(sql, SqlCreateTable.class);
    assertThat(table.primaryKey()).extracting(SqlIdentifier::getSimple).containsExactly("id");
    assertThat(table.options()).containsEntry("path", "data/users.csv");
  }

  @Test
  void createTableWithTablePrimaryKey() throws SqlParseException {
    String sql =
        "CREATE TABLE IF NOT EXISTS rates (currency CHAR(3), valid_on DATE,"
            + " rate DOUBLE, PRIMARY KEY (currency, valid_on))";

    assertUnparses(
        sql,
        "CREATE TABLE IF NOT EXISTS rates (currency CHAR(3), valid_on DATE,"
            + " rate DOUBLE, PRIMARY KEY (currency, valid_on))");

    SqlCreateTable table = parse(sql, SqlCreateTable.class);
    assertThat(table.ifNotExists()).isTrue();
    assertThat(table.primaryKey())
        .extracting(SqlIdentifier::getSimple)
        .containsExactly("currency", "valid_on");
  }

  /** Flink writes every key NOT ENFORCED (it is the input's promise); Sluice takes both. */
  @Test
  void primaryKeysMayBeDeclaredNotEnforced() throws SqlParseException {
    assertUnparses(
        "CREATE STREAM s (k BIGINT PRIMARY KEY NOT ENFORCED, v BIGINT)",
        "CREATE STREAM s (k BIGINT, v BIGINT, PRIMARY KEY (k))");
    String sql = "CREATE TABLE t (a BIGINT, b VARCHAR, PRIMARY KEY (a, b) NOT ENFORCED)";
    assertUnparses(sql, "CREATE TABLE t (a BIGINT, b VARCHAR, PRIMARY KEY (a, b))");
    assertThat(parse(sql, SqlCreateTable.class).primaryKey())
        .extracting(SqlIdentifier::getSimple)
        .containsExactly("a", "b");
    // ENFORCED stays a legal name
    assertThat(parse("CREATE TABLE e (enforced BIGINT)", SqlCreateTable.class).columns())
        .hasSize(1);
  }

  // --- CREATE VIEW, CREATE MATERIALIZED VIEW -----------------------------------------------------

  @Test
  void createOrReplaceView() throws SqlParseException {
    String sql = "create or replace view expensive as select * from bids where price > 100";

    assertUnparses(sql, "CREATE OR REPLACE VIEW expensive AS SELECT * FROM bids WHERE price > 100");

    SqlCreateView view = parse(sql, SqlCreateView.class);
    assertThat(view.getReplace()).isTrue();
    assertThat(view.ifNotExists()).isFalse();
    assertThat(view.name().getSimple()).isEqualTo("expensive");
    assertThat(view.columnList()).isNull();
    assertThat(view.query()).isInstanceOf(SqlSelect.class);
    assertThat(view.getKind()).isEqualTo(SqlKind.CREATE_VIEW);
  }

  @Test
  void createViewIfNotExistsWithColumnNames() throws SqlParseException {
    String sql = "CREATE VIEW IF NOT EXISTS v (a, b) AS SELECT x, y FROM t";

    assertUnparses(sql, sql);

    SqlCreateView view = parse(sql, SqlCreateView.class);
    assertThat(view.getReplace()).isFalse();
    assertThat(view.ifNotExists()).isTrue();
    assertThat(view.columnList()).extracting(DdlParserTest::unparse).containsExactly("a", "b");
  }

  @Test
  void createViewWithOrderedQuery() throws SqlParseException {
    assertThat(
            parse("CREATE VIEW v AS SELECT x FROM t ORDER BY x", SqlCreateView.class)
                .query()
                .getKind())
        .isEqualTo(SqlKind.ORDER_BY);
  }

  @Test
  void createMaterializedView() throws SqlParseException {
    String sql =
        """
        CREATE MATERIALIZED VIEW speed AS
          SELECT car_type, AVG(speed) AS avg_speed FROM cars GROUP BY car_type""";

    assertUnparses(
        sql,
        "CREATE MATERIALIZED VIEW speed AS"
            + " SELECT car_type, AVG(speed) AS avg_speed FROM cars GROUP BY car_type");

    SqlCreateMaterializedView view = parse(sql, SqlCreateMaterializedView.class);
    assertThat(view.name().getSimple()).isEqualTo("speed");
    assertThat(view.ifNotExists()).isFalse();
    assertThat(view.emit()).isNull();
    assertThat(view.query()).isInstanceOf(SqlSelect.class);
    assertThat(view.getKind()).isEqualTo(SqlKind.CREATE_MATERIALIZED_VIEW);
  }

  @Test
  void createMaterializedViewIfNotExistsWithEmit() throws SqlParseException {
    String sql =
        "CREATE MATERIALIZED VIEW IF NOT EXISTS speed"
            + " EMIT UPDATE TRIGGER EVERY INTERVAL '1' SECOND"
            + " AS SELECT car_type, COUNT(*) FROM cars GROUP BY car_type";

    assertUnparses(sql, sql);

    SqlCreateMaterializedView view = parse(sql, SqlCreateMaterializedView.class);
    assertThat(view.ifNotExists()).isTrue();
    assertThat(view.emit().outputMode()).isEqualTo(SqlEmit.OutputMode.UPDATE);
    assertThat(view.emit().trigger().kind()).isEqualTo(SqlTrigger.Kind.EVERY);
  }

  @Test
  void createMaterializedViewWithTriggerOnly() throws SqlParseException {
    SqlCreateMaterializedView view =
        parse(
            "CREATE MATERIALIZED VIEW v TRIGGER ONCE AS SELECT * FROM t",
            SqlCreateMaterializedView.class);

    assertThat(view.emit().outputMode()).isNull();
    assertThat(view.emit().trigger().kind()).isEqualTo(SqlTrigger.Kind.ONCE);
  }

  // --- CREATE SINK, EMIT, TRIGGER ----------------------------------------------------------------

  @Test
  void createSinkWithOutputModeAndTrigger() throws SqlParseException {
    String sql =
        """
        CREATE SINK alerts WITH ('connector' = 'kafka', 'topic' = 'alerts', 'format' = 'json')
          AS SELECT auction, price FROM bids WHERE price > 100
          EMIT APPEND TRIGGER EVERY INTERVAL '3' SECOND;""";

    assertUnparses(
        sql,
        "CREATE SINK alerts"
            + " WITH ('connector' = 'kafka', 'topic' = 'alerts', 'format' = 'json')"
            + " AS SELECT auction, price FROM bids WHERE price > 100"
            + " EMIT APPEND TRIGGER EVERY INTERVAL '3' SECOND");

    SqlCreateSink sink = parse(sql, SqlCreateSink.class);
    assertThat(sink.name().getSimple()).isEqualTo("alerts");
    assertThat(sink.ifNotExists()).isFalse();
    assertThat(sink.options())
        .containsExactly(
            entry("connector", "kafka"), entry("topic", "alerts"), entry("format", "json"));
    assertThat(unparse(sink.query()))
        .isEqualTo("SELECT auction, price FROM bids WHERE price > 100");
    assertThat(sink.emit().outputMode()).isEqualTo(SqlEmit.OutputMode.APPEND);
    SqlTrigger trigger = sink.emit().trigger();
    assertThat(trigger.kind()).isEqualTo(SqlTrigger.Kind.EVERY);
    assertThat(unparse(trigger.interval())).isEqualTo("INTERVAL '3' SECOND");
    assertThat(trigger.interval().getValueAs(Long.class)).isEqualTo(3_000L);
  }

  @Test
  void emitAfterABareTableIsNotAnAlias() throws SqlParseException {
    SqlCreateSink sink =
        parse(
            "CREATE SINK s WITH ('connector' = 'files') AS SELECT * FROM bids EMIT UPDATE",
            SqlCreateSink.class);

    assertThat(unparse(sink.query())).isEqualTo("SELECT * FROM bids");
    assertThat(sink.emit().outputMode()).isEqualTo(SqlEmit.OutputMode.UPDATE);
    assertThat(sink.emit().trigger()).isNull();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      ''                                            | -        | -
      EMIT COMPLETE                                 | COMPLETE | -
      TRIGGER ONCE                                  | -        | ONCE
      trigger available now                         | -        | AVAILABLE_NOW
      EMIT APPEND TRIGGER AVAILABLE NOW             | APPEND   | AVAILABLE_NOW
      emit update trigger every interval '5' minute | UPDATE   | EVERY
      TRIGGER CONTINUOUS                            | -        | CONTINUOUS
      EMIT UPDATE TRIGGER CONTINUOUS INTERVAL '2' SECOND | UPDATE | CONTINUOUS
      """)
  void sinkEmitClauses(String clause, SqlEmit.OutputMode mode, SqlTrigger.Kind trigger)
      throws SqlParseException {
    SqlCreateSink sink =
        parse(
            "CREATE SINK IF NOT EXISTS s WITH (connector = 'files')"
                + " AS SELECT a FROM t b "
                + clause,
            SqlCreateSink.class);

    assertThat(sink.ifNotExists()).isTrue();
    if (mode == null && trigger == null) {
      assertThat(sink.emit()).isNull();
    } else {
      assertThat(sink.emit().outputMode()).isEqualTo(mode);
      assertThat(sink.emit().trigger() == null ? null : sink.emit().trigger().kind())
          .isEqualTo(trigger);
    }
  }

  @Test
  void sinkOverAUnionWithEmit() throws SqlParseException {
    assertUnparses(
        "CREATE SINK s WITH ('connector' = 'files')"
            + " AS SELECT a FROM t UNION ALL SELECT a FROM u EMIT APPEND",
        "CREATE SINK s WITH ('connector' = 'files')"
            + " AS SELECT a FROM t UNION ALL SELECT a FROM u EMIT APPEND");
  }

  @Test
  void computedColumnsParseInTheirPlace() throws SqlParseException {
    SqlCreateStream stream =
        parse(
            "CREATE STREAM s (a BIGINT, pt AS PROCTIME(), b VARCHAR, WATERMARK FOR b AS b)",
            SqlCreateStream.class);

    assertThat(stream.columnElements())
        .extracting(DdlParserTest::unparse)
        .containsExactly("a BIGINT", "pt AS PROCTIME()", "b VARCHAR");
    assertThat(stream.columns()).extracting(c -> c.name.getSimple()).containsExactly("a", "b");
    assertUnparses(
        "CREATE TABLE t (id BIGINT, x AS a + b)", "CREATE TABLE t (id BIGINT, x AS a + b)");
  }

  @Test
  void emitIsReservedSoQuoteItAsAName() throws SqlParseException {
    SqlCreateStream stream = parse("CREATE STREAM s (\"emit\" INT)", SqlCreateStream.class);

    assertThat(stream.columns()).extracting(c -> c.name.getSimple()).containsExactly("emit");
    assertFailsAt("CREATE STREAM s (emit INT)", 1, 18, "Encountered \"emit\"");
  }

  @Test
  void insertIntoAStreamIsCalcitesInsert() throws SqlParseException {
    SqlInsert insert = parse("INSERT INTO some_stream SELECT * FROM bids", SqlInsert.class);

    assertThat(unparse(insert.getTargetTable())).isEqualTo("some_stream");
  }

  // --- DROP, SHOW --------------------------------------------------------------------------------

  // --- CREATE FUNCTION ---------------------------------------------------------------------------

  @Test
  void createFunctionAsClassName() throws SqlParseException {
    SqlCreateFunction function =
        parse(
            "create function count_char as 'io.sluice.bench.udf" + ".CountChar'",
            SqlCreateFunction.class);

    assertThat(function.name().getSimple()).isEqualTo("count_char");
    assertThat(function.className()).isEqualTo("io.sluice.bench.udf.CountChar");
    assertThat(function.classLiteral().getParserPosition().getColumnNum()).isEqualTo(31);
    assertThat(function.ifNotExists()).isFalse();
    assertThat(function.getReplace()).isFalse();
    assertThat(unparse(function))
        .isEqualTo("CREATE FUNCTION count_char AS 'io.sluice.bench.udf.CountChar'");
  }

  @Test
  void createOrReplaceFunctionIfNotExists() throws SqlParseException {
    SqlCreateFunction replace =
        parse("CREATE OR REPLACE FUNCTION f AS 'a.B'", SqlCreateFunction.class);
    SqlCreateFunction ifNotExists =
        parse("CREATE FUNCTION IF NOT EXISTS f AS 'a.B'", SqlCreateFunction.class);

    assertThat(replace.getReplace()).isTrue();
    assertThat(ifNotExists.ifNotExists()).isTrue();
    assertThat(unparse(ifNotExists)).isEqualTo("CREATE FUNCTION IF NOT EXISTS f AS 'a.B'");
  }

  @Test
  void dropStreamAndTable() throws SqlParseException {
    SqlDropObject drop = parse("DROP TABLE IF EXISTS users", SqlDropObject.class);

    assertThat(drop.kind()).isEqualTo(SqlDropObject.ObjectKind.TABLE);
    assertThat(drop.ifExists()).isTrue();
    assertThat(drop.name().getSimple()).isEqualTo("users");
    assertThat(parse("DROP STREAM bids", SqlDropObject.class).ifExists()).isFalse();
  }

  @Test
  void dropCascadeIsRemembered() throws SqlParseException {
    assertThat(parse("DROP STREAM bids CASCADE", SqlDropObject.class).cascade()).isTrue();
    assertThat(parse("DROP STREAM bids RESTRICT", SqlDropObject.class).cascade()).isFalse();
    assertThat(parse("DROP STREAM bids", SqlDropObject.class).cascade()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      drop stream bids                         | DROP STREAM bids                         | STREAM
      DROP STREAM IF EXISTS bids               | DROP STREAM IF EXISTS bids               | STREAM
      drop table users                         | DROP TABLE users                         | TABLE
      DROP TABLE IF EXISTS users               | DROP TABLE IF EXISTS users               | TABLE
      drop view v                              | DROP VIEW v                              | VIEW
      DROP VIEW IF EXISTS v                    | DROP VIEW IF EXISTS v                    | VIEW
      drop materialized view speed             | DROP MATERIALIZED VIEW speed             | MATERIALIZED_VIEW
      DROP MATERIALIZED VIEW IF EXISTS s.speed | DROP MATERIALIZED VIEW IF EXISTS s.speed | MATERIALIZED_VIEW
      drop sink alerts                         | DROP SINK alerts                         | SINK
      DROP SINK IF EXISTS alerts               | DROP SINK IF EXISTS alerts               | SINK
      drop function count_char                 | DROP FUNCTION count_char                 | FUNCTION
      DROP FUNCTION IF EXISTS count_char       | DROP FUNCTION IF EXISTS count_char       | FUNCTION
      drop stream bids cascade                 | DROP STREAM bids CASCADE                 | STREAM
      DROP VIEW IF EXISTS v RESTRICT           | DROP VIEW IF EXISTS v                    | VIEW
      """)
  void dropEveryKind(String sql, String expected, SqlDropObject.ObjectKind kind)
      throws SqlParseException {
    assertUnparses(sql, expected);
    assertThat(parse(sql, SqlDropObject.class).kind()).isEqualTo(kind);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      show streams            | SHOW STREAMS            | STREAMS
      SHOW TABLES             | SHOW TABLES             | TABLES
      show views              | SHOW VIEWS              | VIEWS
      SHOW MATERIALIZED VIEWS | SHOW MATERIALIZED VIEWS | MATERIALIZED_VIEWS
      show sinks              | SHOW SINKS              | SINKS
      SHOW QUERIES            | SHOW QUERIES            | QUERIES
      show functions          | SHOW FUNCTIONS          | FUNCTIONS
      """)
  void showEveryKind(String sql, String expected, SqlShowObjects.ObjectKind kind)
      throws SqlParseException {
    assertUnparses(sql, expected);
    assertThat(parse(sql, SqlShowObjects.class).kind()).isEqualTo(kind);
  }

  @Test
  void newKeywordsStayUsableAsNames() throws SqlParseException {
    SqlSelect select =
        parse(
            "SELECT views, sinks, queries, functions, materialized, late" + " FROM sink AS streams",
            SqlSelect.class);

    assertThat(select.getSelectList())
        .extracting(DdlParserTest::unparse)
        .containsExactly("views", "sinks", "queries", "functions", "materialized", "late");
    assertThat(unparse(select.getFrom())).isEqualTo("sink AS streams");
  }

  // --- STOP QUERY, SET ---------------------------------------------------------------------------

  @Test
  void stopQueryByName() throws SqlParseException {
    assertUnparses("stop query q_17", "STOP QUERY q_17");
    SqlQueryControl stop = parse("STOP QUERY q_17", SqlQueryControl.class);
    assertThat(stop.queryId()).isEqualTo("q_17");
    assertThat(stop.action()).isEqualTo(SqlQueryControl.Action.STOP);
  }

  @Test
  void stopQueryByString() throws SqlParseException {
    assertUnparses("STOP QUERY 'c0ffee-12'", "STOP QUERY 'c0ffee-12'");
    assertThat(parse("STOP QUERY 'c0ffee-12'", SqlQueryControl.class).queryId())
        .isEqualTo("c0ffee-12");
  }

  @Test
  void restartQuery() throws SqlParseException {
    assertUnparses("restart query alerts", "RESTART QUERY alerts");
    SqlQueryControl restart = parse("RESTART QUERY 'alerts'", SqlQueryControl.class);
    assertThat(restart.queryId()).isEqualTo("alerts");
    assertThat(restart.action()).isEqualTo(SqlQueryControl.Action.RESTART);
  }

  @Test
  void stopAndQueryStayUsableAsNames() throws SqlParseException {
    assertUnparses("SELECT stop, query FROM queries", "SELECT stop, query FROM queries");
  }

  @Test
  void setWithStringKeyAndValue() throws SqlParseException {
    String sql = "SET 'output.mode' = 'append'";

    assertUnparses(sql, sql);

    SqlSetProperty set = parse(sql, SqlSetProperty.class);
    assertThat(set.key()).isEqualTo("output.mode");
    assertThat(set.value()).isEqualTo("append");
    // Code written for Calcite's SET sees the same key.
    assertThat(set.getKind()).isEqualTo(SqlKind.SET_OPTION);
    assertThat(set.getName().toString()).isEqualTo("output.mode");
    assertThat(set.getScope()).isNull();
  }

  @Test
  void setTriggerWithUnquotedKey() throws SqlParseException {
    SqlSetProperty set = parse("SET trigger = 'once'", SqlSetProperty.class);

    assertThat(set.key()).isEqualTo("trigger");
    assertThat(set.value()).isEqualTo("once");
    assertUnparses("set TRIGGER = 'once'", "SET 'trigger' = 'once'");
  }

  @Test
  void calcitesSetWithIdentifierKeyStillWorks() throws SqlParseException {
    SqlSetOption set = parse("SET output.mode = 'append'", SqlSetOption.class);

    assertThat(set).isNotInstanceOf(SqlSetProperty.class);
    assertThat(set.getName().toString()).isEqualTo("output.mode");
    assertThat(unparse(set.getValue())).isEqualTo("'append'");
    assertUnparses("RESET ALL", "RESET ALL");
  }

  // --- Statements and scripts --------------------------------------------------------------------

  @Test
  void trailingSemicolonIsAllowed() throws SqlParseException {
    assertThat(unparse(SluiceSqlParser.parseStatement("DROP STREAM bids;  \n")))
        .isEqualTo("DROP STREAM bids");
  }

  @Test
  void scriptWithSeveralStatements() throws SqlParseException {
    List<SqlNode> statements =
        SluiceSqlParser.parseScript(
            """
        CREATE STREAM bids (price BIGINT) WITH ('connector' = 'kafka');
        SELECT price FROM bids;
        SHOW STREAMS;
        DROP STREAM bids;
        """);

    assertThat(statements)
        .extracting(DdlParserTest::unparse)
        .containsExactly(
            "CREATE STREAM bids (price BIGINT) WITH ('connector' = 'kafka')",
            "SELECT price FROM bids",
            "SHOW STREAMS",
            "DROP STREAM bids");
  }

  @Test
  void scriptOfOnlyCommentsHasNoStatements() throws SqlParseException {
    assertThat(SluiceSqlParser.parseScript("")).isEmpty();
    assertThat(SluiceSqlParser.parseScript("  -- nothing yet\n/* still nothing */\n")).isEmpty();
  }

  // --- Errors point at the offending token -------------------------------------------------------

  @Test
  void missingCommaBetweenColumns() {
    assertFailsAt(
        """
        CREATE STREAM s (
          a INT
          b INT)""",
        3,
        3,
        "Encountered \"b\"");
  }

  @Test
  void watermarkWithoutExpression() {
    assertFailsAt(
        "CREATE STREAM s (ts TIMESTAMP(3), WATERMARK FOR ts AS)", 1, 54, "Encountered \")\"");
  }

  @Test
  void optionValueMustBeAString() {
    assertFailsAt(
        "CREATE STREAM s (a INT)\nWITH ('max-files-per-trigger' = 1)", 2, 33, "Encountered \"1\"");
  }

  @Test
  void showOfAnUnknownKindPointsAtTheKind() {
    assertFailsAt(
        "SHOW STREEMS",
        1,
        6,
        "Encountered \"STREEMS\" at line 1, column 6.\nWas expecting one of: STREAMS, TABLES,"
            + " VIEWS, MATERIALIZED VIEWS, SINKS, QUERIES, FUNCTIONS");
    assertFailsAt("SHOW MATERIALIZED TABLES", 1, 19, "Encountered \"TABLES\"");
  }

  @Test
  void dropOfAnUnknownKindPointsAtTheKind() {
    assertFailsAt("DROP STREEM s", 1, 6, "Encountered \"STREEM\"");
  }

  @Test
  void sinkNeedsOptions() {
    assertFailsAt("CREATE SINK s AS SELECT * FROM t", 1, 15, "Encountered \"AS\"");
  }

  @Test
  void emitNeedsAnOutputMode() {
    assertFailsAt(
        "CREATE SINK s WITH (connector = 'files') AS SELECT * FROM t EMIT TRIGGER ONCE",
        1,
        66,
        "Encountered \"TRIGGER\"");
  }

  @Test
  void triggerEveryNeedsAnInterval() {
    assertFailsAt(
        "CREATE SINK s WITH (connector = 'files') AS SELECT * FROM t\nTRIGGER EVERY 3",
        2,
        15,
        "Encountered \"3\"");
  }

  @Test
  void stopQueryIdIsANameOrAString() {
    assertFailsAt("STOP QUERY 17", 1, 12, "Encountered \"17\"");
  }

  @Test
  void setPropertyValueIsAString() {
    assertFailsAt("SET 'parallelism' = 4", 1, 21, "Encountered \"4\"");
  }

  @Test
  void dropNeedsAnObjectKind() {
    assertFailsAt("DROP bids", 1, 6, "Encountered \"bids\"");
  }

  @Test
  void parseStatementRejectsTwoStatements() {
    assertFailsAt("SHOW STREAMS; SHOW TABLES", 1, 13, "Encountered \";\"");
  }

  @Test
  void scriptErrorsCountLinesFromTheScriptStart() {
    SqlParseException e =
        catchThrowableOfType(
            SqlParseException.class,
            () ->
                SluiceSqlParser.parseScript(
                    "SHOW STREAMS;\nSHOW TABLES;\nCREATE STREEM s (a INT);"));

    assertThat(e.getMessage()).contains("Encountered \"STREEM\"").contains("line 3, column 8");
    assertThat(e.getPos().getLineNum()).isEqualTo(3);
    assertThat(e.getPos().getColumnNum()).isEqualTo(8);
  }

  // --- Helpers -----------------------------------------------------------------------------------

  private static <T extends SqlNode> T parse(String sql, Class<T> type) throws SqlParseException {
    SqlNode node = SluiceSqlParser.parseStatement(sql);
    assertThat(node).isInstanceOf(type);
    return type.cast(node);
  }

  /** One line, identifiers quoted only where needed, in the quoting Sluice's parser reads. */
  static String unparse(SqlNode node) {
    return node.toSqlString(
            c ->
                c.withDialect(CalciteSqlDialect.DEFAULT)
                    .withQuoteAllIdentifiers(false)
                    .withClauseStartsLine(false)
                    .withClauseEndsLine(false)
                    .withSelectListItemsOnSeparateLines(false)
                    .withIndentation(0))
        .getSql()
        .replace('\n', ' ');
  }

  /** Asserts {@code sql} unparses to {@code expected}, which parses back to itself. */
  private static void assertUnparses(String sql, String expected) throws SqlParseException {
    assertThat(unparse(SluiceSqlParser.parseStatement(sql))).isEqualTo(expected);
    assertThat(unparse(SluiceSqlParser.parseStatement(expected))).isEqualTo(expected);
  }

  private static void assertFailsAt(String sql, int line, int column, String detail) {
    SqlParseException e =
        catchThrowableOfType(SqlParseException.class, () -> SluiceSqlParser.parseStatement(sql));

    assertThat(e).as("parse error for %s", sql).isNotNull();
    assertThat(e.getMessage()).contains(detail).contains("line " + line + ", column " + column);
    assertThat(e.getPos().getLineNum()).isEqualTo(line);
    assertThat(e.getPos().getColumnNum()).isEqualTo(column);
  }
}
