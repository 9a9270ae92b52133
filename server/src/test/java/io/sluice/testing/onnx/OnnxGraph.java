package io.sluice.testing.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An ONNX model under construction: inputs, initializers, nodes and outputs, written as the binary
 * ModelProto that ONNX Runtime loads (field numbers of onnx.proto). Tests build their models with
 * it instead of shipping binary files.
 */
public final class OnnxGraph {
  /** TensorProto.DataType values. */
  public static final int FLOAT = 1;

  public static final int INT32 = 6;
  public static final int INT64 = 7;
  public static final int STRING = 8;
  public static final int BOOL = 9;
  public static final int DOUBLE = 11;

  /** The domain of the traditional-ML operators (LinearClassifier, TreeEnsembleRegressor, …). */
  public static final String ML_DOMAIN = "ai.onnx.ml";

  private final String name;
  private final List<Consumer<ProtoWriter>> nodes = new ArrayList<>();
  private final List<Consumer<ProtoWriter>> initializers = new ArrayList<>();
  private final List<Consumer<ProtoWriter>> inputs = new ArrayList<>();
  private final List<Consumer<ProtoWriter>> outputs = new ArrayList<>();
  private int nodeCount;

  public OnnxGraph(String name) {
    this.name = name;
  }

  /**
   * A tensor input; each dimension is a Long (fixed size) or a String (symbolic, e.g. "N" for the
   * batch).
   */
  public OnnxGraph input(String name, int elementType, Object... dims) {
    inputs.add(valueInfo(name, tensorType(elementType, dims)));
    return this;
  }

  /** A tensor output, dimensions as for {@link #input}. */
  public OnnxGraph output(String name, int elementType, Object... dims) {
    outputs.add(valueInfo(name, tensorType(elementType, dims)));
    return this;
  }

  /** An output that is a sequence of maps, as ZipMap writes a classifier's probabilities. */
  public OnnxGraph sequenceOfMapsOutput(String name, int keyType, int valueType) {
    Consumer<ProtoWriter> mapType =
        type ->
            type.message(
                5,
                map ->
                    map.int64(1, keyType)
                        .message(2, value -> value.message(1, t -> t.int64(1, valueType))));
    outputs.add(valueInfo(name, type -> type.message(4, sequence -> sequence.message(1, mapType))));
    return this;
  }

  /** A constant float tensor. */
  public OnnxGraph floats(String name, long[] dims, float... values) {
    initializers.add(
        tensor ->
            tensor.packedInt64s(1, dims).int64(2, FLOAT).packedFloats(4, values).string(8, name));
    return this;
  }

  /** A constant double tensor. */
  public OnnxGraph doubles(String name, long[] dims, double... values) {
    initializers.add(
        tensor ->
            tensor
                .packedInt64s(1, dims)
                .int64(2, DOUBLE)
                .packedDoubles(10, values)
                .string(8, name));
    return this;
  }

  /** A constant int64 tensor. */
  public OnnxGraph int64s(String name, long[] dims, long... values) {
    initializers.add(
        tensor ->
            tensor.packedInt64s(1, dims).int64(2, INT64).packedInt64s(7, values).string(8, name));
    return this;
  }

  /** A node of the default domain. */
  public OnnxGraph node(String opType, List<String> in, List<String> out, Attribute... attributes) {
    return node("", opType, in, out, attributes);
  }

  /** A node of {@code domain} ("" for the default one, or {@link #ML_DOMAIN}). */
  public OnnxGraph node(
      String domain, String opType, List<String> in, List<String> out, Attribute... attributes) {
    String nodeName = opType + "_" + nodeCount++;
    nodes.add(
        node -> {
          in.forEach(input -> node.string(1, input));
          out.forEach(output -> node.string(2, output));
          node.string(3, nodeName).string(4, opType);
          for (Attribute attribute : attributes) {
            node.message(5, attribute.writer);
          }
          if (!domain.isEmpty()) {
            node.string(7, domain);
          }
        });
    return this;
  }

  /** The model file's bytes (IR version 8, opsets 13 and ai.onnx.ml 3). */
  public byte[] toBytes() {
    ProtoWriter model = new ProtoWriter();
    model.int64(1, 8);
    model.string(2, "sluice-tests");
    model.message(
        7,
        graph -> {
          nodes.forEach(node -> graph.message(1, node));
          graph.string(2, name);
          initializers.forEach(tensor -> graph.message(5, tensor));
          inputs.forEach(input -> graph.message(11, input));
          outputs.forEach(output -> graph.message(12, output));
        });
    model.message(8, opset -> opset.string(1, "").int64(2, 13));
    model.message(8, opset -> opset.string(1, ML_DOMAIN).int64(2, 3));
    return model.bytes();
  }

  /**
   * Writes the model to {@code file} atomically (a complete file or none), as a deployment would.
   */
  public Path writeTo(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path staging = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(staging, toBytes());
    return Files.move(
        staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Consumer<ProtoWriter> valueInfo(String name, Consumer<ProtoWriter> type) {
    return info -> info.string(1, name).message(2, type);
  }

  private static Consumer<ProtoWriter> tensorType(int elementType, Object... dims) {
    return type ->
        type.message(
            1,
            tensor -> {
              tensor.int64(1, elementType);
              tensor.message(
                  2,
                  shape -> {
                    for (Object dim : dims) {
                      shape.message(
                          1,
                          d -> {
                            if (dim instanceof String symbolic) {
                              d.string(2, symbolic);
                            } else {
                              d.int64(1, ((Number) dim).longValue());
                            }
                          });
                    }
                  });
            });
  }

  /** A node attribute (AttributeProto). */
  public static final class Attribute {
    private final Consumer<ProtoWriter> writer;

    private Attribute(Consumer<ProtoWriter> writer) {
      this.writer = writer;
    }

    public static Attribute ofFloat(String name, float value) {
      return new Attribute(a -> a.string(1, name).float32(2, value).int64(20, 1));
    }

    public static Attribute ofInt(String name, long value) {
      return new Attribute(a -> a.string(1, name).int64(3, value).int64(20, 2));
    }

    public static Attribute ofString(String name, String value) {
      return new Attribute(a -> a.string(1, name).string(4, value).int64(20, 3));
    }

    public static Attribute ofFloats(String name, float... values) {
      return new Attribute(a -> a.string(1, name).packedFloats(7, values).int64(20, 6));
    }

    public static Attribute ofInts(String name, long... values) {
      return new Attribute(a -> a.string(1, name).packedInt64s(8, values).int64(20, 7));
    }

    public static Attribute ofStrings(String name, String... values) {
      return new Attribute(
          a -> {
            a.string(1, name);
            for (String value : values) {
              a.string(9, value);
            }
            a.int64(20, 8);
          });
    }
  }
}
