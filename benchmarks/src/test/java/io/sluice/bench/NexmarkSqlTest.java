package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the Nexmark SQL files and filling their placeholders. */
class NexmarkSqlTest {
  @Test
  void everyQueryFromQ0ToQ22IsThereWithItsPlaceholdersFilled(@TempDir Path workDir) {
    NexmarkSql sql = NexmarkSql.locate();
    List<String> names = sql.queryNames();
    assertThat(names).hasSize(23).startsWith("q0", "q1", "q2").endsWith("q21", "q22");
    Map<String, String> parameters =
        new QueryRunner(sql, 10_000, 100_000, 1_000).parameters(5_000, workDir);
    for (String name : names) {
      List<String> statements = sql.query(name, parameters);
      String last = statements.get(statements.size() - 1);
      assertThat(last).as(name).doesNotContain("${").containsAnyOf("SELECT STREAM", "CREATE SINK");
    }
    List<String> ddl = sql.ddl(parameters);
    assertThat(ddl).hasSize(3).allSatisfy(s -> assertThat(s).contains("'events' = '5000'"));
  }

  @Test
  void aPlaceholderWithoutValueIsAnError(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("ddl.sql"),
        "CREATE STREAM s (a BIGINT) WITH "
            + "('connector' = 'datagen', 'kind' = 'rate', 'rows-per-second' = '${RATE}');");
    Files.writeString(dir.resolve("q3.sql"), "-- only a comment\n;\nSELECT STREAM a FROM s;");
    Files.writeString(dir.resolve("q10.sql"), "SELECT 1;");
    Files.writeString(dir.resolve("notes.sql"), "SELECT 2;");
    NexmarkSql sql = new NexmarkSql(dir);
    assertThat(sql.queryNames()).containsExactly("q3", "q10");
    assertThat(sql.query("q3", Map.of())).containsExactly("SELECT STREAM a FROM s");
    assertThat(sql.ddl(Map.of("RATE", "5")).get(0)).endsWith("'rows-per-second' = '5')");
    assertThatThrownBy(() -> sql.ddl(Map.of()))
        .hasMessage("No value for ${RATE} in " + dir.resolve("ddl.sql"));
  }
}
