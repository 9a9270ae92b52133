package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sql.ScriptSplitter;
import io.sluice.testing.onnx.OnnxGraph;
import io.sluice.testing.onnx.OnnxModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's fraud-screening pipeline, run as the tour runs it: {@code conf/examples/fraud.sql}
 * against a server, the example transaction files landed, then the alerts sink's files and the
 * materialized view of flagged counts per card read back.
 */
@Timeout(120)
class FraudExampleEndToEndTest {
  /** The repository's root: tests run in the server module's folder. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir Path temp;

  @Test
  void theExamplePipelineFlagsTransactionsIntoTheSinkAndTheView() throws Exception {
    Path examples = ROOT.resolve("conf").resolve("examples");
    Path model = examples.resolve("fraud").resolve("fraud.onnx");
    // the model in the repository is the one this writer produces: anyone can make it again
    assertThat(Files.readAllBytes(model))
        .isEqualTo(
            OnnxModels.logisticRegression(OnnxGraph.FLOAT, new double[] {0.02, 1.5, -0.05}, -2)
                .toBytes());
    Path copy = Files.createDirectories(temp.resolve("conf/examples/fraud"));
    Files.copy(model, copy.resolve("fraud.onnx"));
    Path transactions = Files.createDirectories(temp.resolve("data/fraud/transactions"));
    Path alerts = Files.createDirectories(temp.resolve("data/fraud/alerts"));
    // the script's relative paths, resolved against this test's folder instead of the root
    String script =
        Files.readString(examples.resolve("fraud.sql"), StandardCharsets.UTF_8)
            .replace("'data/", "'" + temp + "/data/")
            .replace("'conf/", "'" + temp + "/conf/");

    try (TestingServer server = new TestingServer(temp.resolve("server"));
        Connection connection = server.connect()) {
      for (String statement : ScriptSplitter.split(script)) {
        execute(connection, statement);
      }
      for (String name : List.of("transactions-1.json", "transactions-2.json")) {
        EndToEnd.land(
            transactions,
            name,
            Files.readString(examples.resolve("fraud").resolve(name), StandardCharsets.UTF_8));
      }
      execute(
          connection,
          "CREATE STREAM alerts (tx_id BIGINT, card BIGINT, amount DOUBLE, score DOUBLE, "
              + "ts TIMESTAMP(3)) WITH ('connector' = 'files', 'path' = '"
              + alerts
              + "', 'format' = 'json')");
      List<String> flagged =
          await(
              "the five alerts",
              () -> query(connection, "SELECT tx_id, card FROM alerts"),
              rows -> rows.size() >= 5);
      assertThat(flagged)
          .containsExactlyInAnyOrder("2 | 4222", "4 | 4222", "6 | 5333", "8 | 4111", "9 | 4222");
      List<String> perCard =
          await(
              "flagged counts per card",
              () -> query(connection, "SELECT card, flagged FROM flagged_per_card"),
              rows -> rows.contains("4222 | 3"));
      assertThat(perCard).containsExactlyInAnyOrder("4222 | 3", "5333 | 1", "4111 | 1");
    }
  }
}
