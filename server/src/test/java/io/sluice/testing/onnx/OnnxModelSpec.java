package io.sluice.testing.onnx;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A model described in one line of words, for scenario files: the kind, then {@code key=value}
 * settings (lists comma-separated, rows of a matrix separated by {@code ;}).
 *
 * <ul>
 *   <li>{@code logistic-regression float|double weights=w1,w2,… bias=b}: one input {@code features
 *       [N, k]}, one output {@code score [N, 1]}
 *   <li>{@code logistic-regression-by-name inputs=name:float|double|int64,… weights=… bias=b}: one
 *       input per feature, output {@code score [N]} of DOUBLE
 *   <li>{@code linear-classifier coefficients=a,b;c,d intercepts=x,y labels=l1,l2 [zipmap]}: input
 *       {@code features [N, k]}, outputs {@code label [N]} and {@code probabilities} (a sequence of
 *       maps with zipmap, else {@code [N, classes]})
 * </ul>
 */
public final class OnnxModelSpec {
  private OnnxModelSpec() {}

  /** The model {@code spec} describes; fails naming what it does not understand. */
  public static OnnxGraph parse(String spec) {
    String[] words = spec.trim().split("\\s+");
    Map<String, String> settings = new HashMap<>();
    boolean zipMap = false;
    String elementType = "float";
    for (int i = 1; i < words.length; i++) {
      String word = words[i];
      int equals = word.indexOf('=');
      if (equals > 0) {
        settings.put(
            word.substring(0, equals).toLowerCase(Locale.ROOT), word.substring(equals + 1));
      } else if (word.equalsIgnoreCase("zipmap")) {
        zipMap = true;
      } else if (word.equalsIgnoreCase("float") || word.equalsIgnoreCase("double")) {
        elementType = word.toLowerCase(Locale.ROOT);
      } else {
        throw new IllegalArgumentException("Unknown word '" + word + "' in model spec: " + spec);
      }
    }
    switch (words[0].toLowerCase(Locale.ROOT)) {
      case "logistic-regression":
        return OnnxModels.logisticRegression(
            elementType.equals("double") ? OnnxGraph.DOUBLE : OnnxGraph.FLOAT,
            numbers(required(settings, "weights", spec)),
            Double.parseDouble(required(settings, "bias", spec)));
      case "logistic-regression-by-name":
        {
          String[] inputs = required(settings, "inputs", spec).split(",");
          String[] names = new String[inputs.length];
          int[] types = new int[inputs.length];
          for (int i = 0; i < inputs.length; i++) {
            String[] parts = inputs[i].split(":");
            names[i] = parts[0];
            types[i] =
                switch (parts[1].toLowerCase(Locale.ROOT)) {
                  case "float" -> OnnxGraph.FLOAT;
                  case "double" -> OnnxGraph.DOUBLE;
                  case "int64" -> OnnxGraph.INT64;
                  default ->
                      throw new IllegalArgumentException(
                          "Unknown input type in model spec: " + spec);
                };
          }
          return OnnxModels.logisticRegressionByName(
              names,
              types,
              numbers(required(settings, "weights", spec)),
              Double.parseDouble(required(settings, "bias", spec)));
        }
      case "linear-classifier":
        {
          String[] rows = required(settings, "coefficients", spec).split(";");
          double[][] coefficients = new double[rows.length][];
          for (int i = 0; i < rows.length; i++) {
            coefficients[i] = numbers(rows[i]);
          }
          double[] labels = numbers(required(settings, "labels", spec));
          long[] longLabels = new long[labels.length];
          for (int i = 0; i < labels.length; i++) {
            longLabels[i] = (long) labels[i];
          }
          return OnnxModels.linearClassifier(
              coefficients, numbers(required(settings, "intercepts", spec)), longLabels, zipMap);
        }
      default:
        throw new IllegalArgumentException("Unknown model kind '" + words[0] + "': " + spec);
    }
  }

  private static String required(Map<String, String> settings, String key, String spec) {
    String value = settings.get(key);
    if (value == null) {
      throw new IllegalArgumentException("Model spec lacks " + key + "=…: " + spec);
    }
    return value;
  }

  private static double[] numbers(String list) {
    String[] parts = list.split(",");
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Double.parseDouble(parts[i].trim());
    }
    return values;
  }
}
