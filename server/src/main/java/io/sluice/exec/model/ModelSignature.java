package io.sluice.exec.model;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How an ONNX file's tensors map to a model's declared columns, worked out when the file loads.
 *
 * <p>Inputs: a graph with one 2-D input {@code [N, k]} takes the k INPUT columns in declared order
 * (a model exported from a feature matrix); a graph with one input per column matches them by name,
 * case-insensitively (each {@code [N]} or {@code [N, 1]}). Values are converted to the tensor's
 * element type.
 *
 * <p>Outputs: when every OUTPUT column is named like a graph output of one value per row, they
 * match by name. Otherwise the graph's outputs, in the graph's order, are laid out side by side and
 * must give exactly the declared OUTPUT columns: an output {@code [N]} or {@code [N, 1]} gives one
 * column, {@code [N, m]} gives m, and a sequence of maps (a classifier's probabilities after
 * ZipMap) gives one column per key, in key order. So a classifier exported with a label and
 * probabilities is declared {@code OUTPUT (label BIGINT, p_0 DOUBLE, p_1 DOUBLE)}.
 */
public final class ModelSignature {
  private static final Set<OnnxJavaType> NUMERIC_TENSORS =
      EnumSet.of(
          OnnxJavaType.FLOAT,
          OnnxJavaType.DOUBLE,
          OnnxJavaType.INT32,
          OnnxJavaType.INT64,
          OnnxJavaType.BOOL);

  /** A graph input and the declared INPUT columns feeding it, in the tensor's column order. */
  public record InputTensor(String name, OnnxJavaType type, long[] shape, int[] columns) {
    public InputTensor {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      shape = shape.clone();
      columns = columns.clone();
    }

    /** Values per row: the declared columns packed into it. */
    public int width() {
      return columns.length;
    }
  }

  /** How a graph output is read. */
  public enum OutputKind {
    /** A tensor of one value per row, or m values per row ({@code [N, m]}). */
    TENSOR,
    /** A sequence with one map per row (ZipMap): one column per key. */
    MAP_SEQUENCE
  }

  /**
   * A graph output and the declared OUTPUT columns it fills: {@code width} columns from {@code
   * firstColumn}; for a sequence of maps, {@code keys} in the columns' order.
   */
  public record OutputTensor(
      String name,
      OutputKind kind,
      OnnxJavaType type,
      int firstColumn,
      int width,
      List<Object> keys) {
    public OutputTensor {
      requireNonNull(name, "name is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(type, "type is null");
      keys = List.copyOf(keys);
    }
  }

  /**
   * What a trial run tells about outputs whose width the file does not declare: per output name,
   * the values of a row ({@code [N, m]} with m unknown) or the keys of its maps, in order.
   */
  public interface Probe {
    Map<String, List<Object>> run(List<InputTensor> inputs, Set<String> outputs);
  }

  private final List<InputTensor> inputs;
  private final List<OutputTensor> outputs;
  private final long fixedBatch;

  private ModelSignature(List<InputTensor> inputs, List<OutputTensor> outputs, long fixedBatch) {
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.fixedBatch = fixedBatch;
  }

  public List<InputTensor> inputs() {
    return inputs;
  }

  public List<OutputTensor> outputs() {
    return outputs;
  }

  /**
   * Rows the graph takes at once when its first dimension is a fixed size (a model exported for a
   * batch of one, say), or 0 when it takes any number.
   */
  public long fixedBatch() {
    return fixedBatch;
  }

  /** What declared INPUT column {@code column} feeds, as DESCRIBE MODEL shows it. */
  public String describeInput(int column) {
    for (InputTensor input : inputs) {
      for (int i = 0; i < input.columns().length; i++) {
        if (input.columns()[i] == column) {
          return input.width() > 1 || input.shape().length == 2
              ? input.name() + "[" + i + "] " + input.type()
              : input.name() + " " + input.type();
        }
      }
    }
    return null;
  }

  /** What fills declared OUTPUT column {@code column}, as DESCRIBE MODEL shows it. */
  public String describeOutput(int column) {
    for (OutputTensor output : outputs) {
      int offset = column - output.firstColumn();
      if (offset >= 0 && offset < output.width()) {
        if (output.kind() == OutputKind.MAP_SEQUENCE) {
          return output.name() + "[" + output.keys().get(offset) + "] " + output.type();
        }
        return output.width() > 1
            ? output.name() + "[" + offset + "] " + output.type()
            : output.name() + " " + output.type();
      }
    }
    return null;
  }

  /**
   * Maps {@code graphInputs} and {@code graphOutputs} (in the graph's order) to the declared
   * columns.
   *
   * @throws IllegalArgumentException naming the mismatch: names, types or shapes
   */
  public static ModelSignature match(
      Map<String, NodeInfo> graphInputs,
      Map<String, NodeInfo> graphOutputs,
      List<Column> declaredInputs,
      List<Column> declaredOutputs,
      Probe probe) {
    List<InputTensor> inputs = matchInputs(graphInputs, declaredInputs);
    long fixedBatch = 0;
    for (InputTensor input : inputs) {
      if (input.shape().length > 0 && input.shape()[0] > 0) {
        fixedBatch = input.shape()[0];
      }
    }
    List<OutputTensor> outputs = matchOutputs(graphOutputs, declaredOutputs, inputs, probe);
    return new ModelSignature(inputs, outputs, fixedBatch);
  }

  private static List<InputTensor> matchInputs(Map<String, NodeInfo> graph, List<Column> declared) {
    for (NodeInfo node : graph.values()) {
      if (!(node.getInfo() instanceof TensorInfo tensor)
          || !NUMERIC_TENSORS.contains(tensor.type)) {
        throw new IllegalArgumentException(
            "its input '"
                + node.getName()
                + "' is "
                + describe(node.getInfo())
                + "; Sluice feeds tensors of FLOAT, DOUBLE, INT32, INT64 or BOOL");
      }
    }
    if (graph.size() == 1) {
      NodeInfo only = graph.values().iterator().next();
      TensorInfo tensor = (TensorInfo) only.getInfo();
      long[] shape = tensor.getShape();
      boolean packed = shape.length == 2 && (shape[1] == declared.size() || shape[1] < 0);
      boolean single =
          declared.size() == 1 && (shape.length == 1 || shape.length == 2 && shape[1] == 1);
      if (packed || single) {
        int[] columns = new int[declared.size()];
        for (int i = 0; i < columns.length; i++) {
          columns[i] = i;
        }
        return List.of(new InputTensor(only.getName(), tensor.type, shape, columns));
      }
      if (shape.length == 2) {
        throw new IllegalArgumentException(
            "its input '"
                + only.getName()
                + "' is "
                + describe(tensor)
                + ", a row of "
                + shape[1]
                + " features, but INPUT declares "
                + declared.size()
                + " columns ("
                + names(declared)
                + ")");
      }
    }
    List<InputTensor> inputs = new ArrayList<>();
    List<String> unmatched = new ArrayList<>();
    for (int c = 0; c < declared.size(); c++) {
      NodeInfo node = byName(graph, declared.get(c).name());
      if (node == null) {
        unmatched.add(declared.get(c).name());
        continue;
      }
      TensorInfo tensor = (TensorInfo) node.getInfo();
      long[] shape = tensor.getShape();
      if (!(shape.length == 1 || shape.length == 2 && shape[1] == 1)) {
        throw new IllegalArgumentException(
            "its input '"
                + node.getName()
                + "' is "
                + describe(tensor)
                + ", but INPUT column '"
                + declared.get(c).name()
                + "' gives one value per row: [N] or [N, 1]");
      }
      inputs.add(new InputTensor(node.getName(), tensor.type, shape, new int[] {c}));
    }
    if (!unmatched.isEmpty() || inputs.size() != graph.size()) {
      throw new IllegalArgumentException(
          "its inputs are "
              + describeAll(graph)
              + "; INPUT declares "
              + names(declared)
              + (unmatched.isEmpty() ? "" : ", and " + unmatched + " match no input by name")
              + ". Declare one column per input, named as the input, or a model with one input "
              + "[N, k] for k columns");
    }
    return inputs;
  }

  private static List<OutputTensor> matchOutputs(
      Map<String, NodeInfo> graph, List<Column> declared, List<InputTensor> inputs, Probe probe) {
    List<OutputTensor> byName = byName(graph, declared);
    if (byName != null) {
      return byName;
    }
    // Side by side, in the graph's order; widths the file leaves open come from a trial run.
    java.util.Set<String> unknown = new java.util.LinkedHashSet<>();
    for (NodeInfo node : graph.values()) {
      ValueInfo info = node.getInfo();
      if (info instanceof SequenceInfo sequence && sequence.isSequenceOfMaps()
          || info instanceof TensorInfo tensor
              && tensor.getShape().length == 2
              && tensor.getShape()[1] < 0) {
        unknown.add(node.getName());
      }
    }
    Map<String, List<Object>> probed = unknown.isEmpty() ? Map.of() : probe.run(inputs, unknown);
    List<OutputTensor> outputs = new ArrayList<>();
    List<String> layout = new ArrayList<>();
    int column = 0;
    for (NodeInfo node : graph.values()) {
      ValueInfo info = node.getInfo();
      OutputTensor output;
      if (info instanceof SequenceInfo sequence && sequence.isSequenceOfMaps()) {
        MapInfo map = sequence.mapInfo;
        List<Object> keys = probed.get(node.getName());
        output =
            new OutputTensor(
                node.getName(), OutputKind.MAP_SEQUENCE, map.valueType, column, keys.size(), keys);
        layout.add(
            node.getName()
                + " (a map of "
                + keys.size()
                + " keys "
                + keys
                + ": "
                + keys.size()
                + " columns)");
      } else if (info instanceof TensorInfo tensor
          && tensor.getShape().length >= 1
          && tensor.getShape().length <= 2) {
        long[] shape = tensor.getShape();
        int width =
            shape.length == 1
                ? 1
                : (int) (shape[1] < 0 ? probed.get(node.getName()).size() : shape[1]);
        output =
            new OutputTensor(
                node.getName(), OutputKind.TENSOR, tensor.type, column, width, List.of());
        layout.add(
            node.getName()
                + " "
                + describe(tensor)
                + " ("
                + width
                + (width == 1 ? " column)" : " columns)"));
      } else {
        throw new IllegalArgumentException(
            "its output '"
                + node.getName()
                + "' is "
                + describe(info)
                + "; Sluice reads tensors [N] or [N, m] and sequences of maps");
      }
      outputs.add(output);
      column += output.width();
    }
    if (column != declared.size()) {
      throw new IllegalArgumentException(
          "its outputs give "
              + column
              + " columns: "
              + String.join(", ", layout)
              + "; OUTPUT declares "
              + declared.size()
              + " ("
              + names(declared)
              + "). Declare one column per value, or name each OUTPUT column as an output");
    }
    for (OutputTensor output : outputs) {
      for (int i = 0; i < output.width(); i++) {
        checkOutputType(output, declared.get(output.firstColumn() + i));
      }
    }
    return outputs;
  }

  /** Every declared column named as a graph output of one value per row, or null. */
  private static List<OutputTensor> byName(Map<String, NodeInfo> graph, List<Column> declared) {
    List<OutputTensor> outputs = new ArrayList<>();
    for (int c = 0; c < declared.size(); c++) {
      NodeInfo node = byName(graph, declared.get(c).name());
      if (node == null || !(node.getInfo() instanceof TensorInfo tensor)) {
        return null;
      }
      long[] shape = tensor.getShape();
      if (!(shape.length == 1 || shape.length == 2 && shape[1] == 1)) {
        return null;
      }
      OutputTensor output =
          new OutputTensor(node.getName(), OutputKind.TENSOR, tensor.type, c, 1, List.of());
      checkOutputType(output, declared.get(c));
      outputs.add(output);
    }
    return outputs;
  }

  private static void checkOutputType(OutputTensor output, Column column) {
    OnnxJavaType type = output.type();
    ColumnType declared = column.type();
    boolean fits =
        switch (declared) {
          case DOUBLE, REAL -> NUMERIC_TENSORS.contains(type);
          case TINYINT, SMALLINT, INTEGER, BIGINT ->
              type == OnnxJavaType.INT64 || type == OnnxJavaType.INT32 || type == OnnxJavaType.BOOL;
          case BOOLEAN -> type == OnnxJavaType.BOOL;
          case VARCHAR -> type == OnnxJavaType.STRING;
          default -> false;
        };
    if (!fits) {
      throw new IllegalArgumentException(
          "OUTPUT column '"
              + column.name()
              + "' is "
              + declared
              + ", but "
              + (output.kind() == OutputKind.MAP_SEQUENCE ? "the values of output '" : "output '")
              + output.name()
              + "' are "
              + type
              + (type == OnnxJavaType.FLOAT || type == OnnxJavaType.DOUBLE
                  ? "; declare it DOUBLE or REAL"
                  : type == OnnxJavaType.STRING
                      ? "; declare it VARCHAR"
                      : "; declare it BIGINT, INTEGER or DOUBLE"));
    }
  }

  private static NodeInfo byName(Map<String, NodeInfo> graph, String name) {
    for (NodeInfo node : graph.values()) {
      if (node.getName().equalsIgnoreCase(name)) {
        return node;
      }
    }
    return null;
  }

  /** A tensor as messages show it: {@code FLOAT [N, 3]}. */
  static String describe(ValueInfo info) {
    if (info instanceof TensorInfo tensor) {
      List<String> dims = new ArrayList<>();
      String[] names = tensor.getDimensionNames();
      long[] shape = tensor.getShape();
      for (int i = 0; i < shape.length; i++) {
        dims.add(
            shape[i] >= 0
                ? Long.toString(shape[i])
                : names != null && i < names.length && !names[i].isEmpty() ? names[i] : "?");
      }
      return tensor.type + " [" + String.join(", ", dims) + "]";
    }
    if (info instanceof SequenceInfo sequence) {
      return sequence.isSequenceOfMaps()
          ? "a sequence of maps " + sequence.mapInfo.keyType + " → " + sequence.mapInfo.valueType
          : "a sequence of " + sequence.sequenceType;
    }
    if (info instanceof MapInfo map) {
      return "a map " + map.keyType + " → " + map.valueType;
    }
    return String.valueOf(info).toLowerCase(Locale.ROOT);
  }

  private static String describeAll(Map<String, NodeInfo> graph) {
    Map<String, String> described = new LinkedHashMap<>();
    graph.values().forEach(node -> described.put(node.getName(), describe(node.getInfo())));
    return described.entrySet().stream()
        .map(e -> "'" + e.getKey() + "' " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String names(List<Column> columns) {
    return columns.stream().map(Column::name).collect(Collectors.joining(", "));
  }
}
