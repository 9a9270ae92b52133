package io.sluice.semantics;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regular outer join of two streams keeps, across a restart, the rows of both sides and how many
 * matches each preserved row has: a row padded with NULLs before the restart is retracted when its
 * match comes after it, and a row matched before it is not retracted again.
 */
@Timeout(90)
class OuterJoinRestartTest {
  @TempDir Path temp;

  @Test
  void outerJoinStateAndMatchCountsSurviveARestart() throws Exception {
    Path a = temp.resolve("a");
    Path b = temp.resolve("b");
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.folder("a");
      sluice.folder("b");
      sluice.land(a, "1.csv", "1,x\n2,y\n");
      sluice.land(b, "1.csv", "2,p\n5,t\n");
      sluice.execute(
          "CREATE STREAM a (id BIGINT, v VARCHAR) WITH ("
              + "'connector' = 'files', 'path' = '"
              + a
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE STREAM b (id BIGINT, w VARCHAR) WITH ("
              + "'connector' = 'files', 'path' = '"
              + b
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE MATERIALIZED VIEW joined AS "
              + "SELECT a.id, a.v, b.id AS bid, b.w FROM a FULL JOIN b ON a.id = b.id");
      // rows per id of a and how many of them met a row of b: a retraction of a padded row
      // that was never emitted would take a row out of the count
      sluice.execute(
          "CREATE MATERIALIZED VIEW counted AS "
              + "SELECT a.id, COUNT(*) AS n, COUNT(b.id) AS matched "
              + "FROM a LEFT JOIN b ON a.id = b.id GROUP BY a.id");
      sluice.awaitRows(
          "SELECT * FROM joined",
          List.of("1 | x | null | null", "2 | y | 2 | p", "null | null | 5 | t"));
      sluice.awaitRows("SELECT * FROM counted", List.of("1 | 1 | 0", "2 | 1 | 1"));
    }
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.land(a, "2.csv", "5,u\n");
      sluice.land(b, "2.csv", "1,q\n2,k\n");
      sluice.awaitRows(
          "SELECT * FROM joined",
          List.of("1 | x | 1 | q", "2 | y | 2 | p", "2 | y | 2 | k", "5 | u | 5 | t"));
      sluice.awaitRows("SELECT * FROM counted", List.of("1 | 1 | 1", "2 | 2 | 2", "5 | 1 | 1"));
    }
  }
}
