package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent query's checkpoint keeps each stateful operator's state under its id and the digest
 * of its part of the plan: a restart that plans the query differently (a view it reads was
 * replaced) refuses the state, naming the operator that changed, instead of misreading it.
 */
@Timeout(60)
class PlanChangeEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Path clicks;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    clicks = Files.createDirectories(temp.resolve("clicks"));
    land(
        clicks,
        "001.json",
        "{\"user_id\": 1, \"url\": \"/a\"}\n{\"user_id\": 2, \"url\": \"/b\"}\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aChangedStatefulOperatorIsNamedAndItsStateLeftUnread() throws Exception {
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM clicks (user_id BIGINT, url VARCHAR) WITH ('connector' = 'files', "
              + "'path' = '"
              + clicks
              + "', 'format' = 'json')");
      execute(
          connection, "CREATE VIEW visits AS SELECT user_id, url FROM clicks WHERE user_id > 0");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW per_user AS SELECT user_id, COUNT(*) AS n FROM visits "
              + "GROUP BY user_id");
      await(
          "the view to count both users",
          () -> query(connection, "SELECT * FROM per_user"),
          rows -> rows.size() == 2);
      execute(
          connection,
          "CREATE OR REPLACE VIEW visits AS SELECT user_id, url FROM clicks WHERE user_id > 1");
    }

    server.restart();

    try (Connection connection = server.connect()) {
      List<String> state =
          await(
              "the view's query to refuse its checkpoint",
              () ->
                  query(
                      connection,
                      "SELECT state, error FROM sys.queries WHERE query_id = 'per_user'"),
              rows -> !rows.isEmpty() && !rows.get(0).startsWith("RUNNING"));
      assertThat(state)
          .singleElement()
          .asString()
          .startsWith("FAILED | ")
          .contains("was written by a different plan")
          .contains("operator StreamGroupAggregate#0 changed")
          .contains(">($0, 0)")
          .contains(">($0, 1)");
    }
  }
}
