package io.sluice.semantics;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A temporal join keeps, across a restart, the rows waiting for the watermark and the versions of
 * the versioned stream: a row waiting before the restart meets, after it, the version that was
 * valid at its time, which came before the restart.
 */
@Timeout(90)
class TemporalJoinRestartTest {
  @TempDir Path temp;

  @Test
  void waitingRowsAndVersionsSurviveARestart() throws Exception {
    Path orders = temp.resolve("orders");
    Path rates = temp.resolve("rates");
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.folder("orders");
      sluice.folder("rates");
      sluice.land(rates, "1.csv", "EUR,10,2026-01-01 00:00:00\nEUR,11,2026-01-01 00:00:10\n");
      sluice.land(orders, "1.csv", "1,EUR,2026-01-01 00:00:05\n2,EUR,2026-01-01 00:00:15\n");
      sluice.execute(
          "CREATE STREAM orders (id BIGINT, currency VARCHAR, ts TIMESTAMP(3),"
              + " WATERMARK FOR ts AS ts) WITH ('connector' = 'files', 'path' = '"
              + orders
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE STREAM rates (currency VARCHAR, rate BIGINT, ts TIMESTAMP(3),"
              + " PRIMARY KEY (currency) NOT ENFORCED, WATERMARK FOR ts AS ts)"
              + " WITH ('connector' = 'files', 'path' = '"
              + rates
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE MATERIALIZED VIEW converted AS SELECT o.id, r.rate FROM orders o"
              + " JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency");
      // the watermark is at :10 (the rates'): order 2 at :15 waits, holding the rate from :10
      sluice.awaitRows("SELECT * FROM converted", List.of("1 | 10"));
    }
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.land(rates, "2.csv", "EUR,12,2026-01-01 00:00:20\n");
      sluice.land(orders, "2.csv", "3,EUR,2026-01-01 00:00:25\n");
      // the watermark passes :15: order 2 meets the version valid then, not the one from :20
      sluice.awaitRows("SELECT * FROM converted", List.of("1 | 10", "2 | 11"));
    }
  }
}
