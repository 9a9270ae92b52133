package io.sluice.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario file format: what each directive becomes, and which mistakes are rejected. */
class ScenarioParserTest {
  @Test
  void parsesStatementsInputsAndQueries() {
    Scenario scenario =
        ScenarioParser.parse(
            "demo.scenario",
            String.join(
                "\n",
                "-- name: demo",
                "CREATE STREAM s (a VARCHAR)",
                "  WITH ('path' = '${input}');",
                "SET 'x' = 'y';",
                "# a comment",
                "-- input 1.json",
                "{\"a\": \"x\"}",
                "",
                "{\"a\": \"y\"}",
                "",
                "",
                "-- query",
                "SELECT UPPER(a)",
                "FROM s;",
                "-- ordered",
                "-- columns",
                "EXPR$0 VARCHAR",
                "-- expect",
                "X",
                "Y",
                "-- statement",
                "DROP STREAM s;",
                "-- query",
                "SELECT nope FROM s",
                "-- expect error",
                "line 1, column 8",
                "nope",
                "-- query",
                "SELECT a FROM s WHERE FALSE",
                "-- expect",
                ""));

    assertThat(scenario.name()).isEqualTo("demo");
    assertThat(scenario.steps())
        .containsExactly(
            new Scenario.Statement(2, "CREATE STREAM s (a VARCHAR)\n  WITH ('path' = '${input}')"),
            new Scenario.Statement(4, "SET 'x' = 'y'"),
            new Scenario.Input(6, "1.json", "{\"a\": \"x\"}\n\n{\"a\": \"y\"}\n"),
            new Scenario.Query(
                12,
                "SELECT UPPER(a)\nFROM s",
                true,
                false,
                "EXPR$0 VARCHAR",
                List.of("X", "Y"),
                List.of()),
            new Scenario.Statement(22, "DROP STREAM s"),
            new Scenario.Query(
                23,
                "SELECT nope FROM s",
                false,
                false,
                null,
                List.of(),
                List.of("line 1, column 8", "nope")),
            new Scenario.Query(
                28, "SELECT a FROM s WHERE FALSE", false, false, null, List.of(), List.of()));
    assertThat(scenario.queries()).hasSize(3);
  }

  @Test
  void stopMarksAPushQueryReadOnlyAsFarAsTheExpectedRows() {
    Scenario scenario =
        ScenarioParser.parse(
            "f",
            String.join(
                "\n",
                "-- query",
                "SELECT STREAM a FROM s",
                "-- stop",
                "-- ordered",
                "-- expect",
                "x",
                "y"));
    assertThat(scenario.queries())
        .containsExactly(
            new Scenario.Query(
                1, "SELECT STREAM a FROM s", true, true, null, List.of("x", "y"), List.of()));
  }

  @Test
  void nameDefaultsToFileName() {
    assertThat(ScenarioParser.parse("plain.scenario", "-- query\nSELECT 1\n-- expect\n1\n").name())
        .isEqualTo("plain");
  }

  @Test
  void rejectsMistakesWithFileAndLine() {
    assertRejected("-- query\nSELECT 1\n", "f:1: query has no '-- expect' block");
    assertRejected(
        "-- query\nSELECT 1\n-- input a.json\n{}\n",
        "f:3: the query at line 1 has no '-- expect' block");
    assertRejected("-- expect\n1\n", "f:1: '-- expect' must follow a '-- query' block");
    assertRejected("-- query\nSELECT 1\n-- expected\n1\n", "f:3: unknown directive '-- expected'");
    assertRejected(
        "CREATE STREAM s (a INT)\n-- query\nSELECT 1\n-- expect\n",
        "f:1: statement does not end with ';'");
    assertRejected(
        "-- query\nSELECT 1; SELECT 2\n-- expect\n",
        "f:2: a '-- query' block holds exactly one statement");
    assertRejected("-- query\nSELECT 1\n-- expect error\n", "f:3: '-- expect error' needs");
    assertRejected("-- ordered\n", "f:1: '-- ordered' belongs between");
    assertRejected("-- stop\n", "f:1: '-- stop' belongs between");
    assertRejected(
        "-- query\nSELECT STREAM a FROM s\n-- stop\n-- expect\n",
        "f:4: '-- stop' needs at least one expected row");
    assertRejected(
        "-- query\nSELECT STREAM a FROM s\n-- stop\n-- expect error\nx\n",
        "f:4: '-- stop' waits for rows, not for an error");
    assertRejected("-- input ../x.json\n", "f:1: '-- input' needs a relative file name");
  }

  private static void assertRejected(String text, String message) {
    assertThatThrownBy(() -> ScenarioParser.parse("f", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
