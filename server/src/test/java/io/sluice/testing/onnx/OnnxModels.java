package io.sluice.testing.onnx;

import static io.sluice.testing.onnx.OnnxGraph.Attribute.ofFloats;
import static io.sluice.testing.onnx.OnnxGraph.Attribute.ofInt;
import static io.sluice.testing.onnx.OnnxGraph.Attribute.ofInts;
import static io.sluice.testing.onnx.OnnxGraph.Attribute.ofString;
import static io.sluice.testing.onnx.OnnxGraph.Attribute.ofStrings;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The models tests score with, each with the computation it must give written out in Java, so a
 * test compares ONNX Runtime's scores through Sluice with a reference computed on the same rows.
 */
public final class OnnxModels {
  private OnnxModels() {}

  /**
   * Logistic regression over one 2-D input {@code features [N, k]} of FLOAT (or DOUBLE): output
   * {@code score [N, 1]} = sigmoid(features · weights + bias).
   */
  public static OnnxGraph logisticRegression(int elementType, double[] weights, double bias) {
    int k = weights.length;
    OnnxGraph graph = new OnnxGraph("logistic_regression");
    graph.input("features", elementType, "N", (long) k);
    constant(graph, "weights", elementType, new long[] {k, 1}, weights);
    constant(graph, "bias", elementType, new long[] {1}, new double[] {bias});
    graph.node("MatMul", List.of("features", "weights"), List.of("product"));
    graph.node("Add", List.of("product", "bias"), List.of("logit"));
    graph.node("Sigmoid", List.of("logit"), List.of("score"));
    graph.output("score", elementType, "N", 1L);
    return graph;
  }

  /** What {@link #logisticRegression} scores for {@code features}. */
  public static double logisticScore(double[] weights, double bias, double... features) {
    double logit = bias;
    for (int i = 0; i < weights.length; i++) {
      logit += weights[i] * features[i];
    }
    return 1 / (1 + Math.exp(-logit));
  }

  /**
   * The same logistic regression with one 1-D input per feature, matched to columns by name: inputs
   * {@code names[i]} of {@code types[i]} (FLOAT, DOUBLE or INT64), output {@code score [N]} of
   * DOUBLE.
   */
  public static OnnxGraph logisticRegressionByName(
      String[] names, int[] types, double[] weights, double bias) {
    OnnxGraph graph = new OnnxGraph("logistic_regression_by_name");
    String sum = null;
    for (int i = 0; i < names.length; i++) {
      graph.input(names[i], types[i], "N");
      String feature = names[i];
      if (types[i] != OnnxGraph.DOUBLE) {
        feature = names[i] + "_double";
        graph.node("Cast", List.of(names[i]), List.of(feature), ofInt("to", OnnxGraph.DOUBLE));
      }
      constant(graph, "w" + i, OnnxGraph.DOUBLE, new long[] {}, new double[] {weights[i]});
      graph.node("Mul", List.of(feature, "w" + i), List.of("term" + i));
      if (sum == null) {
        sum = "term" + i;
      } else {
        graph.node("Add", List.of(sum, "term" + i), List.of("sum" + i));
        sum = "sum" + i;
      }
    }
    constant(graph, "bias", OnnxGraph.DOUBLE, new long[] {}, new double[] {bias});
    graph.node("Add", List.of(sum, "bias"), List.of("logit"));
    graph.node("Sigmoid", List.of("logit"), List.of("score"));
    graph.output("score", OnnxGraph.DOUBLE, "N");
    return graph;
  }

  /**
   * A multinomial linear classifier as scikit-learn exports it: input {@code features [N, k]}
   * FLOAT; outputs {@code label [N]} INT64 and, with {@code zipMap}, {@code probabilities} as a
   * sequence of maps from label to probability (ZipMap), else {@code probabilities [N, C]}.
   */
  public static OnnxGraph linearClassifier(
      double[][] coefficients, double[] intercepts, long[] labels, boolean zipMap) {
    int k = coefficients[0].length;
    int classes = labels.length;
    float[] flat = new float[classes * k];
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < k; i++) {
        flat[c * k + i] = (float) coefficients[c][i];
      }
    }
    OnnxGraph graph = new OnnxGraph("linear_classifier");
    graph.input("features", OnnxGraph.FLOAT, "N", (long) k);
    graph.node(
        OnnxGraph.ML_DOMAIN,
        "LinearClassifier",
        List.of("features"),
        List.of("label", zipMap ? "scores" : "probabilities"),
        ofFloats("coefficients", flat),
        ofFloats("intercepts", toFloats(intercepts)),
        ofInts("classlabels_ints", labels),
        ofString("post_transform", "SOFTMAX"));
    graph.output("label", OnnxGraph.INT64, "N");
    if (zipMap) {
      graph.node(
          OnnxGraph.ML_DOMAIN,
          "ZipMap",
          List.of("scores"),
          List.of("probabilities"),
          ofInts("classlabels_int64s", labels));
      graph.sequenceOfMapsOutput("probabilities", OnnxGraph.INT64, OnnxGraph.FLOAT);
    } else {
      graph.output("probabilities", OnnxGraph.FLOAT, "N", (long) classes);
    }
    return graph;
  }

  /** The class probabilities {@link #linearClassifier} gives {@code features}, in label order. */
  public static double[] classProbabilities(
      double[][] coefficients, double[] intercepts, double... features) {
    double[] logits = new double[intercepts.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < logits.length; c++) {
      logits[c] = intercepts[c];
      for (int i = 0; i < features.length; i++) {
        logits[c] += coefficients[c][i] * features[i];
      }
      max = Math.max(max, logits[c]);
    }
    double sum = 0;
    for (int c = 0; c < logits.length; c++) {
      logits[c] = Math.exp(logits[c] - max);
      sum += logits[c];
    }
    for (int c = 0; c < logits.length; c++) {
      logits[c] /= sum;
    }
    return logits;
  }

  /** A regression tree: a leaf, or a branch sending {@code x[feature] <= threshold} left. */
  public sealed interface Tree {
    double evaluate(double[] features);
  }

  /** A tree's leaf. */
  public record Leaf(double value) implements Tree {
    @Override
    public double evaluate(double[] features) {
      return value;
    }
  }

  /** A tree's branch. */
  public record Branch(int feature, double threshold, Tree left, Tree right) implements Tree {
    @Override
    public double evaluate(double[] features) {
      return (features[feature] <= threshold ? left : right).evaluate(features);
    }
  }

  /**
   * A sum of regression trees (a gradient-boosted ensemble) as TreeEnsembleRegressor: input {@code
   * features [N, k]} FLOAT, output {@code prediction [N, 1]} FLOAT.
   */
  public static OnnxGraph treeEnsemble(int features, List<Tree> trees) {
    TreeArrays arrays = new TreeArrays();
    for (int t = 0; t < trees.size(); t++) {
      arrays.add(t, trees.get(t));
    }
    OnnxGraph graph = new OnnxGraph("tree_ensemble");
    graph.input("features", OnnxGraph.FLOAT, "N", (long) features);
    graph.node(
        OnnxGraph.ML_DOMAIN,
        "TreeEnsembleRegressor",
        List.of("features"),
        List.of("prediction"),
        ofInt("n_targets", 1),
        ofString("aggregate_function", "SUM"),
        ofString("post_transform", "NONE"),
        ofInts("nodes_treeids", arrays.longs(arrays.treeIds)),
        ofInts("nodes_nodeids", arrays.longs(arrays.nodeIds)),
        ofInts("nodes_featureids", arrays.longs(arrays.featureIds)),
        ofFloats("nodes_values", toFloats(arrays.doubles(arrays.values))),
        ofStrings("nodes_modes", arrays.modes.toArray(String[]::new)),
        ofInts("nodes_truenodeids", arrays.longs(arrays.trueIds)),
        ofInts("nodes_falsenodeids", arrays.longs(arrays.falseIds)),
        ofInts("target_treeids", arrays.longs(arrays.targetTrees)),
        ofInts("target_nodeids", arrays.longs(arrays.targetNodes)),
        ofInts("target_ids", new long[arrays.targetTrees.size()]),
        ofFloats("target_weights", toFloats(arrays.doubles(arrays.targetWeights))));
    graph.output("prediction", OnnxGraph.FLOAT, "N", 1L);
    return graph;
  }

  /** What {@link #treeEnsemble} predicts for {@code features}. */
  public static double treeEnsembleScore(List<Tree> trees, double... features) {
    double sum = 0;
    for (Tree tree : trees) {
      sum += tree.evaluate(features);
    }
    return sum;
  }

  /**
   * {@code count} random trees of depth {@code depth} over {@code features} features: thresholds
   * drawn from [0, 1), leaves from [-1, 1); the same seed gives the same trees.
   */
  public static List<Tree> randomTrees(long seed, int count, int depth, int features) {
    Random random = new Random(seed);
    List<Tree> trees = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      trees.add(randomTree(random, depth, features));
    }
    return trees;
  }

  private static Tree randomTree(Random random, int depth, int features) {
    if (depth == 0) {
      // float values, as the model stores them, so the reference sums what the model sums
      return new Leaf((float) (random.nextDouble() * 2 - 1));
    }
    return new Branch(
        random.nextInt(features),
        (float) random.nextDouble(),
        randomTree(random, depth - 1, features),
        randomTree(random, depth - 1, features));
  }

  /** Nodes of trees flattened into TreeEnsembleRegressor's parallel attribute arrays. */
  private static final class TreeArrays {
    final List<Long> treeIds = new ArrayList<>();
    final List<Long> nodeIds = new ArrayList<>();
    final List<Long> featureIds = new ArrayList<>();
    final List<Double> values = new ArrayList<>();
    final List<String> modes = new ArrayList<>();
    final List<Long> trueIds = new ArrayList<>();
    final List<Long> falseIds = new ArrayList<>();
    final List<Long> targetTrees = new ArrayList<>();
    final List<Long> targetNodes = new ArrayList<>();
    final List<Double> targetWeights = new ArrayList<>();
    private int next;

    void add(int tree, Tree root) {
      next = 0;
      add(tree, root, next++);
    }

    private void add(int tree, Tree node, long id) {
      int at = treeIds.size();
      treeIds.add((long) tree);
      nodeIds.add(id);
      if (node instanceof Branch branch) {
        featureIds.add((long) branch.feature());
        values.add(branch.threshold());
        modes.add("BRANCH_LEQ");
        trueIds.add(0L);
        falseIds.add(0L);
        long left = next++;
        add(tree, branch.left(), left);
        long right = next++;
        add(tree, branch.right(), right);
        trueIds.set(at, left);
        falseIds.set(at, right);
      } else {
        featureIds.add(0L);
        values.add(0.0);
        modes.add("LEAF");
        trueIds.add(0L);
        falseIds.add(0L);
        targetTrees.add((long) tree);
        targetNodes.add(id);
        targetWeights.add(((Leaf) node).value());
      }
    }

    long[] longs(List<Long> list) {
      return list.stream().mapToLong(Long::longValue).toArray();
    }

    double[] doubles(List<Double> list) {
      return list.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  private static void constant(
      OnnxGraph graph, String name, int elementType, long[] dims, double[] values) {
    if (elementType == OnnxGraph.DOUBLE) {
      graph.doubles(name, dims, values);
    } else {
      graph.floats(name, dims, toFloats(values));
    }
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }
}
