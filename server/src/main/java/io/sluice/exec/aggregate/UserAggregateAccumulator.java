package io.sluice.exec.aggregate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sluice.exec.function.JavaValues;
import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.function.SqlUserAggregateFunction;
import io.sluice.sql.function.UserAggregate;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * A user-defined aggregate function's state: one accumulator object per group, made by its {@code
 * createAccumulator}, fed by {@code accumulate} (and {@code retract}) row by row, combined by
 * {@code merge} when sessions merge, read by {@code getValue}. A NULL argument for a primitive
 * parameter skips the row, as the built-in aggregates skip NULLs. Checkpoints hold each accumulator
 * as JSON of its fields (Jackson), which takes the plain classes Flink's accumulators are — most
 * are not {@code Serializable} — and reads fields added since with their initial values; a
 * checkpoint the class can no longer read fails the query, naming the function.
 */
final class UserAggregateAccumulator extends Accumulator {
  private final UserAggregate function;
  private final Object instance;
  private final Method accumulate;
  private final Method retract;
  private final int[] arguments;
  private final JavaValues.Reader[] readers;
  private final boolean[] primitive;
  private final ColumnType resultType;
  private final int resultScale;
  private final ObjectMapper json;
  private final JavaType accumulatorType;
  private Object[] accumulators = new Object[16];
  private boolean checkedRoundTrip;

  UserAggregateAccumulator(AggregateCallSpec call) {
    super(call.filter());
    SqlUserAggregateFunction user = requireNonNull(call.userFunction(), "userFunction");
    this.function = user.function();
    this.accumulate = user.accumulate();
    this.retract = user.retract().orElse(null);
    this.arguments = call.arguments().stream().mapToInt(Integer::intValue).toArray();
    Class<?>[] parameters = accumulate.getParameterTypes();
    this.readers = new JavaValues.Reader[arguments.length];
    this.primitive = new boolean[arguments.length];
    for (int a = 0; a < arguments.length; a++) {
      readers[a] = JavaValues.reader(parameters[a + 1], call.argumentTypes().get(a));
      primitive[a] = parameters[a + 1].isPrimitive();
    }
    this.resultType = call.resultType();
    this.resultScale = call.resultScale();
    this.instance = newInstance(function);
    this.json = mapper();
    this.accumulatorType =
        json.getTypeFactory().constructType(function.createAccumulator().getGenericReturnType());
  }

  /** Reads and writes every field of an accumulator, whatever its getters and setters. */
  private static ObjectMapper mapper() {
    return JsonMapper.builder()
        .visibility(PropertyAccessor.ALL, Visibility.NONE)
        .visibility(PropertyAccessor.FIELD, Visibility.ANY)
        .visibility(PropertyAccessor.CREATOR, Visibility.ANY)
        // A field gone from the class fails the restore instead of losing its state silently.
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();
  }

  private static Object newInstance(UserAggregate function) {
    try {
      return function.type().getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw failed(function, "its constructor", e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw failed(function, "its constructor", e);
    }
  }

  @Override
  public void ensureGroups(int groupCount) {
    if (groupCount > accumulators.length) {
      accumulators = Arrays.copyOf(accumulators, Math.max(groupCount, accumulators.length * 2));
    }
  }

  @Override
  protected void accumulate(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    apply(accumulate, input, rows, groups, count, filter);
  }

  @Override
  public boolean canRetract() {
    return retract != null;
  }

  @Override
  protected void retract(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    if (retract == null) {
      throw new UnsupportedOperationException(function + " has no retract method");
    }
    apply(retract, input, rows, groups, count, filter);
  }

  /** Calls {@code method} (accumulate or retract) once per row with its group's accumulator. */
  private void apply(
      Method method, Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    ColumnVector[] columns = new ColumnVector[arguments.length];
    for (int a = 0; a < arguments.length; a++) {
      columns[a] = input.column(arguments[a]);
    }
    Object[] values = new Object[arguments.length + 1];
    rowLoop:
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (!passes(filter, row)) {
        continue;
      }
      for (int a = 0; a < columns.length; a++) {
        if (columns[a].isNull(row)) {
          if (primitive[a]) {
            continue rowLoop;
          }
          values[a + 1] = null;
        } else {
          values[a + 1] = readers[a].read(columns[a], row);
        }
      }
      values[0] = accumulator(groups[i]);
      invoke(method, values);
    }
  }

  private Object accumulator(int group) {
    Object accumulator = accumulators[group];
    if (accumulator == null) {
      accumulator = invoke(function.createAccumulator(), new Object[0]);
      if (accumulator == null) {
        throw failed(function, "createAccumulator", new NullPointerException("it returned null"));
      }
      accumulators[group] = accumulator;
    }
    return accumulator;
  }

  private Object invoke(Method method, Object[] values) {
    try {
      return method.invoke(instance, values);
    } catch (InvocationTargetException e) {
      throw failed(function, method.getName(), e.getCause());
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw failed(function, method.getName(), e);
    }
  }

  private static SluiceException failed(UserAggregate function, String method, Throwable cause) {
    return new SluiceException(
        ErrorCode.QUERY_FAILED,
        "The aggregate function "
            + function.name()
            + " (class "
            + function.type().getName()
            + ") failed in "
            + method
            + ": "
            + cause,
        cause);
  }

  @Override
  public void merge(int from, int into) {
    Object source = accumulators[from];
    if (source != null) {
      if (accumulators[into] == null) {
        // Merging into an empty accumulator gives the other one.
        accumulators[into] = source;
      } else {
        Method merge = function.merge();
        if (merge == null) {
          // The planner refuses session windows over a function without merge.
          throw new IllegalStateException(function + " has no merge method");
        }
        invoke(merge, new Object[] {accumulators[into], List.of(source)});
      }
    }
    reset(from);
  }

  @Override
  public void writeState(DataOutputStream out, int group) throws IOException {
    Object accumulator = accumulators[group];
    out.writeBoolean(accumulator != null);
    if (accumulator == null) {
      return;
    }
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(accumulator);
      if (!checkedRoundTrip) {
        // Found now, while the query still runs, rather than when a restart reads it back.
        json.readValue(bytes, accumulatorType);
        checkedRoundTrip = true;
      }
    } catch (IOException e) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "The accumulator of aggregate function "
              + function.name()
              + " (class "
              + accumulator.getClass().getName()
              + ") cannot be checkpointed as JSON of its fields: "
              + problem(e)
              + ". Give it a constructor without arguments and fields of plain types",
          e);
    }
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public void readState(DataInputStream in, int group) throws IOException {
    if (!in.readBoolean()) {
      accumulators[group] = null;
      return;
    }
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    try {
      accumulators[group] = json.readValue(bytes, accumulatorType);
    } catch (IOException e) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "The checkpoint holds accumulators of aggregate function "
              + function.name()
              + " that its class "
              + function.type().getName()
              + " can no longer read (accumulator "
              + accumulatorType.getRawClass().getName()
              + ": "
              + problem(e)
              + "); the class changed since the checkpoint was written. Restore the class, or"
              + " drop and create the query again to start afresh",
          e);
    }
  }

  /** Jackson's message without the location it appends, which names internal buffers. */
  private static String problem(IOException e) {
    return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString();
  }

  @Override
  public void reset(int group) {
    accumulators[group] = null;
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    Object accumulator = accumulators[group];
    if (accumulator == null) {
      // A group none of this call's rows reached (FILTER): the value of an empty accumulator.
      accumulator = invoke(function.createAccumulator(), new Object[0]);
    }
    Object value = invoke(function.getValue(), new Object[] {accumulator});
    try {
      JavaValues.write(out, row, value, resultType, resultScale);
    } catch (IllegalArgumentException e) {
      throw failed(function, "getValue", e);
    }
  }

  @Override
  public long bytesPerGroup(int group) {
    // An estimate: an object header and a few fields.
    return accumulators[group] == null ? 8 : 64;
  }
}
