package io.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Statements of a script split where a user expects, never inside literals or comments. */
class ScriptSplitterTest {
  @Test
  void splitsAtSemicolonsOutsideLiteralsAndComments() {
    String script =
        "-- setup; not a statement\n"
            + "CREATE STREAM s (a VARCHAR) WITH ('connector' = 'files', 'path' = 'a;b');\n"
            + "/* block; comment */ SELECT 'it''s; fine', \"odd;name\" FROM s;\n"
            + "\n-- trailing comment only\n";
    assertThat(ScriptSplitter.split(script))
        .containsExactly(
            "-- setup; not a statement\n"
                + "CREATE STREAM s (a VARCHAR) WITH ('connector' = 'files', 'path' = 'a;b')",
            "/* block; comment */ SELECT 'it''s; fine', \"odd;name\" FROM s");
  }

  @Test
  void lastStatementNeedsNoSemicolon() {
    assertThat(ScriptSplitter.split("SHOW STREAMS; SHOW TABLES"))
        .containsExactly("SHOW STREAMS", "SHOW TABLES");
  }

  @Test
  void emptyScriptHasNoStatements() {
    assertThat(ScriptSplitter.split("  -- nothing\n/* here */ ;; ")).isEmpty();
  }
}
