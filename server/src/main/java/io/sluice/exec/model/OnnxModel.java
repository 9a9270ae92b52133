package io.sluice.exec.model;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.spi.type.Column;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One version of a model: an ONNX Runtime session over the file's bytes, and how its tensors map to
 * the declared columns. Shared by every query scoring with this version (a session runs calls from
 * several threads at once); closed when the last of them lets go.
 */
public final class OnnxModel {
  private final String version;
  private final OrtSession session;
  private final ModelSignature signature;
  private final List<Column> inputs;
  private final List<Column> outputs;
  private final long loadedAtMillis;
  private int references = 1;

  private OnnxModel(
      String version,
      OrtSession session,
      ModelSignature signature,
      List<Column> inputs,
      List<Column> outputs) {
    this.version = requireNonNull(version, "version is null");
    this.session = requireNonNull(session, "session is null");
    this.signature = requireNonNull(signature, "signature is null");
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.loadedAtMillis = System.currentTimeMillis();
  }

  /** The version of a model file: the first 16 hex digits of its content's SHA-256. */
  public static String version(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Loads {@code content} as an ONNX model and maps it to the declared columns; the caller holds
   * the one reference it starts with.
   *
   * @throws IllegalArgumentException saying what ONNX Runtime refused or what does not match
   */
  public static OnnxModel load(
      byte[] content,
      List<Column> inputs,
      List<Column> outputs,
      OrtSession.SessionOptions options) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session;
    try {
      session = environment.createSession(content, options);
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime cannot load it: " + e.getMessage(), e);
    }
    try {
      ModelSignature signature =
          ModelSignature.match(
              session.getInputInfo(),
              session.getOutputInfo(),
              inputs,
              outputs,
              (tensors, names) -> probe(session, tensors, names));
      return new OnnxModel(version(content), session, signature, inputs, outputs);
    } catch (OrtException e) {
      close(session);
      throw new IllegalArgumentException("ONNX Runtime cannot read it: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(session);
      throw e;
    }
  }

  /**
   * Runs the model on a row of zeros to see what the file leaves open: how many values a row of an
   * {@code [N, ?]} output has, and the keys of a sequence of maps.
   */
  private static Map<String, List<Object>> probe(
      OrtSession session, List<ModelSignature.InputTensor> inputs, Set<String> names) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (ModelSignature.InputTensor input : inputs) {
        long rows = input.shape().length > 0 && input.shape()[0] > 0 ? input.shape()[0] : 1;
        long[] shape =
            input.shape().length == 2 ? new long[] {rows, input.width()} : new long[] {rows};
        int elements = (int) (rows * input.width());
        ByteBuffer zeros =
            ByteBuffer.allocateDirect(elements * input.type().size).order(ByteOrder.nativeOrder());
        feed.put(
            input.name(),
            switch (input.type()) {
              case FLOAT -> OnnxTensor.createTensor(environment, zeros.asFloatBuffer(), shape);
              case DOUBLE -> OnnxTensor.createTensor(environment, zeros.asDoubleBuffer(), shape);
              case INT32 -> OnnxTensor.createTensor(environment, zeros.asIntBuffer(), shape);
              case INT64 -> OnnxTensor.createTensor(environment, zeros.asLongBuffer(), shape);
              default -> OnnxTensor.createTensor(environment, zeros, shape, input.type());
            });
      }
      Map<String, List<Object>> found = new HashMap<>();
      try (OrtSession.Result result = session.run(feed, names)) {
        for (String name : names) {
          OnnxValue value = result.get(name).orElseThrow();
          if (value instanceof OnnxSequence sequence) {
            List<? extends OnnxValue> maps = sequence.getValue();
            Map<?, ?> first = maps.isEmpty() ? Map.of() : ((OnnxMap) maps.get(0)).getValue();
            found.put(name, new ArrayList<>(new TreeMap<Object, Object>(first).keySet()));
          } else {
            long[] shape = ((OnnxTensor) value).getInfo().getShape();
            List<Object> values = new ArrayList<>();
            for (long i = 0; i < (shape.length == 2 ? shape[1] : 1); i++) {
              values.add(i);
            }
            found.put(name, values);
          }
        }
      }
      return found;
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "ONNX Runtime cannot run it on a row of zeros: " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  /** The content hash of the file this version was loaded from. */
  public String version() {
    return version;
  }

  public ModelSignature signature() {
    return signature;
  }

  /** The INPUT columns this version was checked against. */
  public List<Column> inputs() {
    return inputs;
  }

  /** The OUTPUT columns this version was checked against. */
  public List<Column> outputs() {
    return outputs;
  }

  public long loadedAtMillis() {
    return loadedAtMillis;
  }

  OrtSession session() {
    return session;
  }

  /** Takes a reference; false when the session is closed already (the caller must not use it). */
  synchronized boolean retain() {
    if (references == 0) {
      return false;
    }
    references++;
    return true;
  }

  /** Lets a reference go; the last one closes the session, and then this returns true. */
  synchronized boolean release() {
    if (references > 0 && --references == 0) {
      close(session);
      return true;
    }
    return false;
  }

  private static void close(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // nothing holds the session any more; a failed close only leaks native memory
      org.slf4j.LoggerFactory.getLogger(OnnxModel.class).warn("Closing an ONNX session failed", e);
    }
  }
}
