package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.testing.onnx.OnnxGraph;
import io.sluice.testing.onnx.OnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CREATE MODEL and ML_PREDICT over real ONNX models the test writes: scores equal a reference
 * computed in Java on the same rows, for packed and per-column inputs, classifiers and tree
 * ensembles.
 */
@Timeout(120)
class ModelEndToEndTest {
  private static final double[] WEIGHTS = {0.02, 1.5, -0.05};
  private static final double BIAS = -2.0;

  @TempDir Path temp;
  private TestingServer server;
  private Path input;
  private Path models;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("in"));
    models = Files.createDirectories(temp.resolve("models"));
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM tx (card BIGINT, amount DOUBLE, merchant_risk DOUBLE, tx_hour INT) "
              + "WITH ('connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'csv')");
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void scoresEqualTheReferenceComputation() throws Exception {
    Random random = new Random(42);
    StringBuilder csv = new StringBuilder();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      double amount = Math.round(random.nextDouble() * 50000) / 100.0;
      double risk = Math.round(random.nextDouble() * 100) / 100.0;
      int hour = random.nextInt(24);
      rows.add(new double[] {i, amount, risk, hour});
      csv.append(i).append(',').append(amount).append(',').append(risk).append(',').append(hour);
      csv.append('\n');
    }
    EndToEnd.land(input, "1.csv", csv.toString());
    OnnxModels.logisticRegression(OnnxGraph.FLOAT, WEIGHTS, BIAS)
        .writeTo(models.resolve("fraud.onnx"));
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE MODEL fraud INPUT (amount DOUBLE, merchant_risk DOUBLE, tx_hour INT) "
              + "OUTPUT (score DOUBLE) WITH ('provider' = 'onnx', 'path' = '"
              + models.resolve("fraud.onnx")
              + "')");
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT card, score FROM ML_PREDICT(TABLE tx, MODEL fraud, "
                      + "DESCRIPTOR(amount, merchant_risk, tx_hour))")) {
        int seen = 0;
        while (rs.next()) {
          double[] row = rows.get((int) rs.getLong(1));
          // the model computes in 32-bit floats, from features rounded to floats
          double expected =
              OnnxModels.logisticScore(
                  WEIGHTS, (float) BIAS, (float) row[1], (float) row[2], (float) row[3]);
          assertThat(rs.getDouble(2))
              .as("score of card %s", row[0])
              .isCloseTo(expected, within(1e-5));
          seen++;
        }
        assertThat(seen).isEqualTo(rows.size());
      }
      assertThat(query(connection, "SELECT name, provider, inputs, outputs FROM sys.models"))
          .containsExactly(
              "fraud | onnx | amount DOUBLE, merchant_risk DOUBLE, tx_hour INTEGER | score DOUBLE");
    }
  }
}
