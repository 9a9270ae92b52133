package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.error.SluiceException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** EXPLAIN spelt as Flink SQL spells it ({@code EXPLAIN query}) and as Calcite does. */
@Timeout(60)
class ExplainTest {
  @TempDir Path temp;

  @Test
  void explainOfAQueryIsExplainPlanFor() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path bids = sluice.folder("bids");
      sluice.execute(
          "CREATE STREAM bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3), "
              + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
              + "'path' = '"
              + bids
              + "', 'format' = 'csv')");
      for (String query :
          List.of(
              "SELECT STREAM auction, COUNT(*) FROM bids GROUP BY auction",
              "WITH big AS (SELECT * FROM bids WHERE price > 10) SELECT auction FROM big",
              "(SELECT auction FROM bids) UNION ALL (SELECT price FROM bids)")) {
        List<String> plan = sluice.rowsOf("EXPLAIN " + query);
        assertThat(plan).as(query).isEqualTo(sluice.rowsOf("EXPLAIN PLAN FOR " + query));
        assertThat(plan).as(query).anyMatch(line -> line.contains("StreamScan(relation=[bids]"));
      }
      assertThatThrownBy(() -> sluice.rowsOf("EXPLAIN DELETE FROM bids"))
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining("line 1, column 9");
    }
  }
}
