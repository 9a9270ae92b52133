package io.sluice.testing.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test models, run by ONNX Runtime itself, score what their Java references compute: the writer
 * produces valid models and the references are right, so tests through Sluice can trust both.
 */
class OnnxModelsTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Test
  void logisticRegressionScoresAsItsReference() throws Exception {
    double[] weights = {0.5, -1.25, 0.1};
    float[][] rows = {{1, 2, 3}, {0, 0, 0}, {-4, 0.5f, 10}};
    try (OrtSession session =
            ENV.createSession(
                OnnxModels.logisticRegression(OnnxGraph.FLOAT, weights, 0.3).toBytes());
        OnnxTensor features = OnnxTensor.createTensor(ENV, rows);
        OrtSession.Result result = session.run(Map.of("features", features))) {
      float[][] scores = (float[][]) result.get(0).getValue();
      for (int r = 0; r < rows.length; r++) {
        assertThat((double) scores[r][0])
            .isCloseTo(
                OnnxModels.logisticScore(weights, 0.3, rows[r][0], rows[r][1], rows[r][2]),
                within(1e-6));
      }
    }
  }

  @Test
  void logisticRegressionByNameScoresAsItsReference() throws Exception {
    double[] weights = {0.5, -1.25, 0.1};
    OnnxGraph graph =
        OnnxModels.logisticRegressionByName(
            new String[] {"amount", "risk", "hour"},
            new int[] {OnnxGraph.FLOAT, OnnxGraph.DOUBLE, OnnxGraph.INT64},
            weights,
            0.3);
    try (OrtSession session = ENV.createSession(graph.toBytes());
        OnnxTensor amount = OnnxTensor.createTensor(ENV, new float[] {1, -2});
        OnnxTensor risk = OnnxTensor.createTensor(ENV, new double[] {0.5, 0.25});
        OnnxTensor hour = OnnxTensor.createTensor(ENV, new long[] {3, 23});
        OrtSession.Result result =
            session.run(Map.of("amount", amount, "risk", risk, "hour", hour))) {
      double[] scores = (double[]) result.get(0).getValue();
      assertThat(scores[0])
          .isCloseTo(OnnxModels.logisticScore(weights, 0.3, 1, 0.5, 3), within(1e-12));
      assertThat(scores[1])
          .isCloseTo(OnnxModels.logisticScore(weights, 0.3, -2, 0.25, 23), within(1e-12));
    }
  }

  @Test
  void linearClassifierGivesLabelsAndProbabilityMaps() throws Exception {
    double[][] coefficients = {{1, -1}, {-1, 1}, {0.5, 0.5}};
    double[] intercepts = {0, 0.1, -0.2};
    long[] labels = {10, 20, 30};
    float[][] rows = {{2, 0}, {0, 2}, {1, 1}};
    try (OrtSession session =
            ENV.createSession(
                OnnxModels.linearClassifier(coefficients, intercepts, labels, true).toBytes());
        OnnxTensor features = OnnxTensor.createTensor(ENV, rows);
        OrtSession.Result result = session.run(Map.of("features", features))) {
      long[] predicted = (long[]) result.get("label").orElseThrow().getValue();
      List<?> maps = ((OnnxSequence) result.get("probabilities").orElseThrow()).getValue();
      for (int r = 0; r < rows.length; r++) {
        double[] expected =
            OnnxModels.classProbabilities(coefficients, intercepts, rows[r][0], rows[r][1]);
        Map<?, ?> probabilities = ((OnnxMap) maps.get(r)).getValue();
        int best = 0;
        for (int c = 0; c < labels.length; c++) {
          assertThat(((Number) probabilities.get(labels[c])).doubleValue())
              .isCloseTo(expected[c], within(1e-6));
          best = expected[c] > expected[best] ? c : best;
        }
        assertThat(predicted[r]).isEqualTo(labels[best]);
      }
    }
  }

  @Test
  void treeEnsembleSumsItsTrees() throws Exception {
    List<OnnxModels.Tree> trees = OnnxModels.randomTrees(7, 5, 3, 4);
    java.util.Random random = new java.util.Random(1);
    float[][] rows = new float[50][4];
    for (float[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextFloat();
      }
    }
    try (OrtSession session = ENV.createSession(OnnxModels.treeEnsemble(4, trees).toBytes());
        OnnxTensor features = OnnxTensor.createTensor(ENV, rows);
        OrtSession.Result result = session.run(Map.of("features", features))) {
      float[][] predictions = (float[][]) result.get(0).getValue();
      for (int r = 0; r < rows.length; r++) {
        double[] x = {rows[r][0], rows[r][1], rows[r][2], rows[r][3]};
        assertThat((double) predictions[r][0])
            .isCloseTo(OnnxModels.treeEnsembleScore(trees, x), within(1e-5));
      }
    }
  }
}
