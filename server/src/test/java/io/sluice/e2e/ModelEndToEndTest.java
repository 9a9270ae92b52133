package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.progress;
import static io.sluice.e2e.EndToEnd.query;
import static io.sluice.e2e.EndToEnd.runningQueryId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.testing.onnx.OnnxGraph;
import io.sluice.testing.onnx.OnnxModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
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

  /** A tree ensemble (TreeEnsembleRegressor, 25 trees of depth 4) scores as its reference. */
  @Test
  void treeEnsembleScoresEqualTheReference() throws Exception {
    Random random = new Random(7);
    StringBuilder csv = new StringBuilder();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double amount = Math.round(random.nextDouble() * 1000) / 1000.0;
      double risk = Math.round(random.nextDouble() * 1000) / 1000.0;
      int hour = random.nextInt(2);
      rows.add(new double[] {i, amount, risk, hour});
      csv.append(i).append(',').append(amount).append(',').append(risk).append(',').append(hour);
      csv.append('\n');
    }
    EndToEnd.land(input, "1.csv", csv.toString());
    List<OnnxModels.Tree> trees = OnnxModels.randomTrees(11, 25, 4, 3);
    OnnxModels.treeEnsemble(3, trees).writeTo(models.resolve("trees.onnx"));
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE MODEL trees INPUT (amount DOUBLE, merchant_risk DOUBLE, tx_hour INT) "
              + "OUTPUT (prediction DOUBLE) WITH ('provider' = 'onnx', 'path' = '"
              + models.resolve("trees.onnx")
              + "')");
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT card, prediction FROM ML_PREDICT(TABLE tx, MODEL trees, "
                      + "DESCRIPTOR(amount, merchant_risk, tx_hour))")) {
        int seen = 0;
        while (rs.next()) {
          double[] row = rows.get((int) rs.getLong(1));
          // the model compares features rounded to floats with float thresholds
          double expected =
              OnnxModels.treeEnsembleScore(trees, (float) row[1], (float) row[2], (float) row[3]);
          assertThat(rs.getDouble(2))
              .as("prediction of card %s", row[0])
              .isCloseTo(expected, within(1e-5));
          seen++;
        }
        assertThat(seen).isEqualTo(rows.size());
      }
    }
  }

  /**
   * A push query keeps running while its model changes under it: a replaced file is taken at a
   * batch boundary, a file that fails to load leaves the version before it scoring and shows the
   * error in sys.models, and ALTER MODEL … SET ('path' = …) switches to another file. Each batch's
   * version shows in sys.query_progress.
   */
  @Test
  void runningQueriesSwitchModelVersionsAtBatchBoundaries() throws Exception {
    Path file = models.resolve("fraud.onnx");
    OnnxGraph first = OnnxModels.logisticRegression(OnnxGraph.DOUBLE, WEIGHTS, BIAS);
    OnnxGraph second = OnnxModels.logisticRegression(OnnxGraph.DOUBLE, WEIGHTS, BIAS + 3);
    OnnxGraph third = OnnxModels.logisticRegression(OnnxGraph.DOUBLE, WEIGHTS, BIAS - 3);
    String secondVersion = version(second);
    first.writeTo(file);
    try (Connection connection = server.connect();
        Connection watcher = server.connect()) {
      execute(
          connection,
          "CREATE MODEL fraud INPUT (amount DOUBLE, merchant_risk DOUBLE, tx_hour INT) "
              + "OUTPUT (score DOUBLE) WITH ('provider' = 'onnx', 'path' = '"
              + file
              + "')");
      assertThat(version(watcher)).isEqualTo(version(first) + " | null");
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT STREAM card, score FROM ML_PREDICT(TABLE tx, MODEL fraud, "
                      + "DESCRIPTOR(amount, merchant_risk, tx_hour))")) {
        String queryId = runningQueryId(watcher, "MODEL fraud");
        EndToEnd.land(input, "1.csv", "1,100.0,0.5,3\n2,20.0,0.1,10\n");
        assertScores(rs, BIAS, new double[] {1, 100.0, 0.5, 3}, new double[] {2, 20.0, 0.1, 10});

        // a new file, written as deployments do (renamed into place)
        second.writeTo(file);
        await("version 2 of the model", () -> version(watcher), v -> v.startsWith(secondVersion));
        EndToEnd.land(input, "2.csv", "3,100.0,0.5,3\n");
        assertScores(rs, BIAS + 3, new double[] {3, 100.0, 0.5, 3});

        // a file that is no model: the error shows, version 2 keeps scoring
        Path broken = models.resolve(".broken");
        Files.writeString(broken, "not a model", StandardCharsets.UTF_8);
        Files.move(
            broken, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        String failed =
            await("the load error in sys.models", () -> version(watcher), v -> !v.endsWith("null"));
        assertThat(failed)
            .startsWith(version(second) + " | ")
            .contains(
                "Model 'fraud'",
                file.toString(),
                "queries keep scoring with the version before it");
        EndToEnd.land(input, "3.csv", "4,100.0,0.5,3\n");
        assertScores(rs, BIAS + 3, new double[] {4, 100.0, 0.5, 3});

        // another file, named by ALTER MODEL
        Path other = third.writeTo(models.resolve("fraud-v3.onnx"));
        execute(connection, "ALTER MODEL fraud SET ('path' = '" + other + "')");
        assertThat(version(watcher)).isEqualTo(version(third) + " | null");
        EndToEnd.land(input, "4.csv", "5,100.0,0.5,3\n");
        assertScores(rs, BIAS - 3, new double[] {5, 100.0, 0.5, 3});

        List<String> versions =
            progress(watcher, queryId, "model_versions").stream()
                .filter(v -> !v.equals("null"))
                .distinct()
                .toList();
        assertThat(versions)
            .containsSubsequence(
                "fraud=" + version(first), "fraud=" + version(second), "fraud=" + version(third));
      }
    }
  }

  /**
   * Models live in the catalog: after a restart they score as before, and a model whose file went
   * missing meanwhile still scores with the last version the server kept, reporting the missing
   * file in sys.models.
   */
  @Test
  void modelsSurviveARestartEvenWhenTheirFileIsGone() throws Exception {
    Path file = models.resolve("fraud.onnx");
    OnnxGraph graph = OnnxModels.logisticRegression(OnnxGraph.DOUBLE, WEIGHTS, BIAS);
    graph.writeTo(file);
    EndToEnd.land(input, "1.csv", "1,100.0,0.5,3\n");
    String sql =
        "SELECT card, score FROM ML_PREDICT(TABLE tx, MODEL fraud, "
            + "DESCRIPTOR(amount, merchant_risk, tx_hour))";
    double[] row = {1, 100.0, 0.5, 3};
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE MODEL fraud INPUT (amount DOUBLE, merchant_risk DOUBLE, tx_hour INT) "
              + "OUTPUT (score DOUBLE) WITH ('provider' = 'onnx', 'path' = '"
              + file
              + "')");
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(sql)) {
        assertScores(rs, BIAS, row);
        assertThat(rs.next()).isFalse();
      }
    }
    server.restart();
    try (Connection connection = server.connect()) {
      assertThat(query(connection, "SHOW MODELS"))
          .singleElement()
          .asString()
          .startsWith("fraud | onnx | " + file + " | ");
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(sql)) {
        assertScores(rs, BIAS, row);
        assertThat(rs.next()).isFalse();
      }
    }
    Files.delete(file);
    server.restart();
    try (Connection connection = server.connect()) {
      assertThat(version(connection))
          .startsWith(version(graph) + " | ")
          .contains("Model 'fraud'", "there is no such file");
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(sql)) {
        assertScores(rs, BIAS, row);
        assertThat(rs.next()).isFalse();
      }
    }
  }

  /** Reads one scored row per expected {@code {card, amount, risk, hour}}, in order. */
  private static void assertScores(ResultSet rs, double bias, double[]... expected)
      throws Exception {
    for (double[] row : expected) {
      assertThat(rs.next()).as("row of card %s", row[0]).isTrue();
      assertThat(rs.getLong(1)).isEqualTo((long) row[0]);
      assertThat(rs.getDouble(2))
          .as("score of card %s", row[0])
          .isCloseTo(
              OnnxModels.logisticScore(WEIGHTS, bias, row[1], row[2], row[3]), within(1e-12));
    }
  }

  /** sys.models' version and error of model fraud, as {@code "version | error"}. */
  private static String version(Connection connection) throws Exception {
    List<String> rows =
        query(connection, "SELECT version, error FROM sys.models WHERE name = 'fraud'");
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  /** A model's version as Sluice names it: the first 16 hex digits of its file's SHA-256. */
  private static String version(OnnxGraph graph) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(graph.toBytes());
    return HexFormat.of().formatHex(digest, 0, 8);
  }
}
