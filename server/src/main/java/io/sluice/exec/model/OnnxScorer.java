package io.sluice.exec.model;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.exec.model.ModelSignature.InputTensor;
import io.sluice.exec.model.ModelSignature.OutputKind;
import io.sluice.exec.model.ModelSignature.OutputTensor;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores batches with one version of a model: a batch's feature columns are copied into one tensor
 * per graph input (a chunk of rows at a time), the model runs once per chunk, and its outputs are
 * read back into column vectors. A row with a NULL or non-finite feature gets NULL outputs; the
 * others are scored as usual. Holds its buffers between batches; one per operator, used by one
 * thread at a time.
 */
public final class OnnxScorer {
  /** Rows scored per call of the model: large enough to amortise a call, small enough to cache. */
  static final int CHUNK_ROWS = 8192;

  private final OnnxModel model;
  private final ModelSignature signature;
  private final int chunk;
  private final boolean padded;
  private final Set<String> requested = new LinkedHashSet<>();
  private final ByteBuffer[] buffers;
  private final Object[] scratch;

  OnnxScorer(OnnxModel model) {
    this.model = requireNonNull(model, "model is null");
    this.signature = model.signature();
    this.padded = signature.fixedBatch() > 0;
    this.chunk = padded ? (int) signature.fixedBatch() : CHUNK_ROWS;
    List<InputTensor> inputs = signature.inputs();
    this.buffers = new ByteBuffer[inputs.size()];
    this.scratch = new Object[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      InputTensor input = inputs.get(i);
      int elements = chunk * input.width();
      buffers[i] =
          ByteBuffer.allocateDirect(elements * input.type().size).order(ByteOrder.nativeOrder());
      scratch[i] =
          switch (input.type()) {
            case FLOAT -> new float[elements];
            case DOUBLE -> new double[elements];
            case INT32 -> new int[elements];
            case INT64 -> new long[elements];
            default -> new byte[elements];
          };
    }
    signature.outputs().forEach(output -> requested.add(output.name()));
  }

  public OnnxModel model() {
    return model;
  }

  /**
   * Scores the rows of {@code in}: column {@code features[i]} feeds declared INPUT column i.
   * Returns one vector per declared OUTPUT column, of {@code outputTypes}.
   */
  public ColumnVector[] score(Batch in, int[] features, List<ColumnType> outputTypes) {
    int rows = in.rowCount();
    ColumnVector[] outputs = new ColumnVector[outputTypes.size()];
    for (int c = 0; c < outputs.length; c++) {
      outputs[c] = ColumnVector.allocate(outputTypes.get(c), rows);
    }
    if (rows == 0) {
      return outputs;
    }
    boolean[] bad = badRows(in, features, rows);
    for (int start = 0; start < rows; start += chunk) {
      int count = Math.min(chunk, rows - start);
      scoreChunk(in, features, bad, start, count, outputs);
    }
    if (bad != null) {
      for (int row = 0; row < rows; row++) {
        if (bad[row]) {
          for (ColumnVector output : outputs) {
            output.setNull(row);
          }
        }
      }
    }
    return outputs;
  }

  /** Rows with a NULL or non-finite feature, or null when there are none. */
  private static boolean[] badRows(Batch in, int[] features, int rows) {
    boolean[] bad = null;
    for (int feature : features) {
      ColumnVector column = in.column(feature);
      boolean doubles = column instanceof DoubleVector;
      if (!column.hasNulls() && !doubles) {
        continue;
      }
      double[] values = doubles ? ((DoubleVector) column).values() : null;
      for (int row = 0; row < rows; row++) {
        if (column.isNull(row) || doubles && !Double.isFinite(values[row])) {
          if (bad == null) {
            bad = new boolean[rows];
          }
          bad[row] = true;
        }
      }
    }
    return bad;
  }

  private void scoreChunk(
      Batch in, int[] features, boolean[] bad, int start, int count, ColumnVector[] outputs) {
    int rows = padded ? chunk : count;
    List<InputTensor> inputs = signature.inputs();
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (int i = 0; i < inputs.size(); i++) {
        InputTensor input = inputs.get(i);
        fill(input, scratch[i], in, features, bad, start, count, rows);
        feed.put(input.name(), tensor(environment, input, i, rows));
      }
      try (OrtSession.Result result = model.session().run(feed, requested)) {
        for (OutputTensor output : signature.outputs()) {
          read(output, result.get(output.name()).orElseThrow(), start, count, outputs);
        }
      }
    } catch (OrtException e) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Model version " + model.version() + " failed to score a batch: " + e.getMessage(),
          e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * Copies rows {@code start .. start+count-1} of the input's feature columns into {@code values},
   * row-major ({@code [rows, width]}), converted to the tensor's element type; bad rows and padding
   * rows are zeros.
   */
  private static void fill(
      InputTensor input,
      Object values,
      Batch in,
      int[] features,
      boolean[] bad,
      int start,
      int count,
      int rows) {
    int width = input.width();
    for (int j = 0; j < width; j++) {
      ColumnVector column = in.column(features[input.columns()[j]]);
      switch (input.type()) {
        case FLOAT -> {
          float[] target = (float[]) values;
          if (column instanceof DoubleVector doubles) {
            double[] source = doubles.values();
            for (int r = 0; r < count; r++) {
              target[r * width + j] = (float) source[start + r];
            }
          } else {
            for (int r = 0; r < count; r++) {
              target[r * width + j] = (float) doubleAt(column, start + r);
            }
          }
        }
        case DOUBLE -> {
          double[] target = (double[]) values;
          for (int r = 0; r < count; r++) {
            target[r * width + j] = doubleAt(column, start + r);
          }
        }
        case INT32 -> {
          int[] target = (int[]) values;
          for (int r = 0; r < count; r++) {
            target[r * width + j] = (int) longAt(column, start + r);
          }
        }
        case INT64 -> {
          long[] target = (long[]) values;
          for (int r = 0; r < count; r++) {
            target[r * width + j] = longAt(column, start + r);
          }
        }
        default -> {
          byte[] target = (byte[]) values;
          for (int r = 0; r < count; r++) {
            target[r * width + j] = (byte) (doubleAt(column, start + r) != 0 ? 1 : 0);
          }
        }
      }
    }
    if (bad != null) {
      for (int r = 0; r < count; r++) {
        if (bad[start + r]) {
          zero(values, r * width, (r + 1) * width);
        }
      }
    }
    if (rows > count) {
      zero(values, count * width, rows * width);
    }
  }

  private static void zero(Object values, int from, int to) {
    if (values instanceof float[] floats) {
      java.util.Arrays.fill(floats, from, to, 0f);
    } else if (values instanceof double[] doubles) {
      java.util.Arrays.fill(doubles, from, to, 0d);
    } else if (values instanceof int[] ints) {
      java.util.Arrays.fill(ints, from, to, 0);
    } else if (values instanceof long[] longs) {
      java.util.Arrays.fill(longs, from, to, 0L);
    } else {
      java.util.Arrays.fill((byte[]) values, from, to, (byte) 0);
    }
  }

  private static double doubleAt(ColumnVector column, int row) {
    if (column instanceof DoubleVector doubles) {
      return doubles.get(row);
    }
    if (column instanceof LongVector longs) {
      return longs.get(row);
    }
    Object value = column.getObject(row);
    return value instanceof BigDecimal decimal
        ? decimal.doubleValue()
        : value == null ? 0 : ((Number) value).doubleValue();
  }

  private static long longAt(ColumnVector column, int row) {
    if (column instanceof LongVector longs) {
      return longs.get(row);
    }
    double value = doubleAt(column, row);
    return Double.isFinite(value) ? Math.round(value) : 0;
  }

  /** The chunk's values as a tensor over the input's direct buffer, without a copy. */
  private OnnxTensor tensor(OrtEnvironment environment, InputTensor input, int index, int rows)
      throws OrtException {
    int elements = rows * input.width();
    long[] shape = input.shape().length == 2 ? new long[] {rows, input.width()} : new long[] {rows};
    ByteBuffer buffer = buffers[index];
    buffer.clear();
    Object values = scratch[index];
    Buffer view;
    switch (input.type()) {
      case FLOAT -> {
        FloatBuffer floats = buffer.asFloatBuffer();
        floats.put((float[]) values, 0, elements).flip();
        view = floats;
      }
      case DOUBLE -> {
        DoubleBuffer doubles = buffer.asDoubleBuffer();
        doubles.put((double[]) values, 0, elements).flip();
        view = doubles;
      }
      case INT32 -> {
        IntBuffer ints = buffer.asIntBuffer();
        ints.put((int[]) values, 0, elements).flip();
        view = ints;
      }
      case INT64 -> {
        LongBuffer longs = buffer.asLongBuffer();
        longs.put((long[]) values, 0, elements).flip();
        view = longs;
      }
      default -> {
        buffer.put((byte[]) values, 0, elements).flip();
        return OnnxTensor.createTensor(environment, buffer, shape, OnnxJavaType.BOOL);
      }
    }
    return switch (input.type()) {
      case FLOAT -> OnnxTensor.createTensor(environment, (FloatBuffer) view, shape);
      case DOUBLE -> OnnxTensor.createTensor(environment, (DoubleBuffer) view, shape);
      case INT32 -> OnnxTensor.createTensor(environment, (IntBuffer) view, shape);
      default -> OnnxTensor.createTensor(environment, (LongBuffer) view, shape);
    };
  }

  /** Reads an output's values for rows {@code start .. start+count-1} into its columns. */
  private static void read(
      OutputTensor output, OnnxValue value, int start, int count, ColumnVector[] outputs)
      throws OrtException {
    int width = output.width();
    if (output.kind() == OutputKind.MAP_SEQUENCE) {
      List<? extends OnnxValue> maps = ((OnnxSequence) value).getValue();
      for (int r = 0; r < count; r++) {
        Map<?, ?> map = ((OnnxMap) maps.get(r)).getValue();
        for (int j = 0; j < width; j++) {
          Object entry = map.get(output.keys().get(j));
          ColumnVector target = outputs[output.firstColumn() + j];
          if (entry == null) {
            target.setNull(start + r);
          } else {
            setNumber(
                target, start + r, ((Number) entry).doubleValue(), ((Number) entry).longValue());
          }
        }
      }
      return;
    }
    OnnxTensor tensor = (OnnxTensor) value;
    switch (output.type()) {
      case FLOAT -> {
        FloatBuffer values = tensor.getFloatBuffer();
        for (int j = 0; j < width; j++) {
          ColumnVector target = outputs[output.firstColumn() + j];
          if (target instanceof DoubleVector doubles) {
            double[] into = doubles.values();
            for (int r = 0; r < count; r++) {
              into[start + r] = values.get(r * width + j);
            }
          } else {
            for (int r = 0; r < count; r++) {
              float v = values.get(r * width + j);
              setNumber(target, start + r, v, (long) v);
            }
          }
        }
      }
      case DOUBLE -> {
        DoubleBuffer values = tensor.getDoubleBuffer();
        for (int j = 0; j < width; j++) {
          ColumnVector target = outputs[output.firstColumn() + j];
          for (int r = 0; r < count; r++) {
            double v = values.get(r * width + j);
            setNumber(target, start + r, v, (long) v);
          }
        }
      }
      case INT64 -> {
        LongBuffer values = tensor.getLongBuffer();
        for (int j = 0; j < width; j++) {
          ColumnVector target = outputs[output.firstColumn() + j];
          for (int r = 0; r < count; r++) {
            long v = values.get(r * width + j);
            setNumber(target, start + r, v, v);
          }
        }
      }
      case INT32 -> {
        IntBuffer values = tensor.getIntBuffer();
        for (int j = 0; j < width; j++) {
          ColumnVector target = outputs[output.firstColumn() + j];
          for (int r = 0; r < count; r++) {
            int v = values.get(r * width + j);
            setNumber(target, start + r, v, v);
          }
        }
      }
      case BOOL -> {
        ByteBuffer values = tensor.getByteBuffer();
        for (int j = 0; j < width; j++) {
          ColumnVector target = outputs[output.firstColumn() + j];
          for (int r = 0; r < count; r++) {
            int v = values.get(r * width + j) != 0 ? 1 : 0;
            setNumber(target, start + r, v, v);
          }
        }
      }
      case STRING -> {
        List<String> strings = flatStrings(tensor.getValue());
        for (int j = 0; j < width; j++) {
          ObjectVector target = (ObjectVector) outputs[output.firstColumn() + j];
          for (int r = 0; r < count; r++) {
            target.setObject(start + r, strings.get(r * width + j));
          }
        }
      }
      default ->
          throw new IllegalStateException("Output " + output.name() + " of type " + output.type());
    }
  }

  private static void setNumber(ColumnVector target, int row, double asDouble, long asLong) {
    if (target instanceof DoubleVector doubles) {
      doubles.set(row, asDouble);
    } else {
      ((LongVector) target).set(row, asLong);
    }
  }

  private static List<String> flatStrings(Object value) {
    List<String> strings = new ArrayList<>();
    if (value instanceof String[] flat) {
      strings.addAll(List.of(flat));
    } else {
      for (String[] row : (String[][]) value) {
        strings.addAll(List.of(row));
      }
    }
    return strings;
  }
}
