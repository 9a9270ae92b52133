package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.function.JavaValues;
import io.sluice.function.Row;
import io.sluice.function.TableFunction;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.function.FunctionColumn;
import io.sluice.sql.function.UserTableFunction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Calls a user-defined table function once per input row and joins the row with each row it
 * collects ({@code CROSS JOIN LATERAL TABLE(f(…))}); a LEFT join keeps a row the function collects
 * nothing for, with NULLs. A NULL argument for a primitive parameter collects nothing, as a scalar
 * function's call is then NULL. Output rows keep their input row's changelog kind; no state.
 */
public final class CorrelateOperator extends SingleInputOperator {
  private final int leftColumns;
  private final int[] arguments;
  private final JavaValues.Reader[] readers;
  private final boolean[] primitive;
  private final UserTableFunction function;
  private final UserTableFunction.Eval eval;
  private final boolean left;
  private final List<ColumnType> outputTypes;
  private final List<ColumnType> functionTypes;
  private final int[] functionScales;
  private final TableFunction<Object> instance;

  /** Rows of the batch being built: input row of each, and the function's columns. */
  private int[] inputRows = new int[0];

  private ColumnVector[] functionColumns = new ColumnVector[0];
  private int produced;
  private int currentRow;

  /**
   * @param leftColumns how many of the input's columns are the row the function is joined with
   *     (those after them are the arguments computed for the call)
   * @param arguments input column of each argument of the call
   * @param argumentTypes the type of each argument column
   * @param left a LEFT join: a row the function collects nothing for is kept, with NULLs
   * @param outputTypes the left columns' types, then the function's
   */
  public CorrelateOperator(
      Operator input,
      int leftColumns,
      int[] arguments,
      List<ColumnType> argumentTypes,
      UserTableFunction function,
      UserTableFunction.Eval eval,
      boolean left,
      List<ColumnType> outputTypes) {
    super(input);
    this.leftColumns = leftColumns;
    this.arguments = arguments.clone();
    this.function = requireNonNull(function, "function is null");
    this.eval = requireNonNull(eval, "eval is null");
    this.left = left;
    this.outputTypes = List.copyOf(outputTypes);
    this.functionTypes = this.outputTypes.subList(leftColumns, this.outputTypes.size());
    if (functionTypes.size() != eval.columns().size()) {
      throw new IllegalArgumentException(
          functionTypes.size() + " output columns for " + eval.columns() + " of " + function);
    }
    this.functionScales = eval.columns().stream().mapToInt(FunctionColumn::scale).toArray();
    Class<?>[] parameters = eval.method().getParameterTypes();
    this.readers = new JavaValues.Reader[arguments.length];
    this.primitive = new boolean[arguments.length];
    for (int a = 0; a < arguments.length; a++) {
      readers[a] = JavaValues.reader(parameters[a], argumentTypes.get(a));
      primitive[a] = parameters[a].isPrimitive();
    }
    this.instance = newInstance(function);
    instance.setCollector(this::collect);
  }

  @SuppressWarnings("unchecked")
  private static TableFunction<Object> newInstance(UserTableFunction function) {
    try {
      return (TableFunction<Object>) function.type().getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw failed(function, "its constructor", e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw failed(function, "its constructor", e);
    }
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    int rows = in.rowCount();
    if (rows == 0) {
      return Batch.empty(outputTypes);
    }
    start(rows);
    ColumnVector[] argumentColumns = new ColumnVector[arguments.length];
    for (int a = 0; a < arguments.length; a++) {
      argumentColumns[a] = in.column(arguments[a]);
    }
    Method method = eval.method();
    Object[] values = new Object[arguments.length];
    for (int row = 0; row < rows; row++) {
      currentRow = row;
      int before = produced;
      if (readArguments(argumentColumns, row, values)) {
        call(method, values);
      }
      if (left && produced == before) {
        reserve(produced + 1);
        inputRows[produced] = row;
        for (ColumnVector column : functionColumns) {
          column.setNull(produced);
        }
        produced++;
      }
    }
    return finish(in);
  }

  /** The call's arguments of {@code row}; false when a NULL meets a primitive parameter. */
  private boolean readArguments(ColumnVector[] columns, int row, Object[] values) {
    for (int a = 0; a < columns.length; a++) {
      if (columns[a].isNull(row)) {
        if (primitive[a]) {
          return false;
        }
        values[a] = null;
      } else {
        values[a] = readers[a].read(columns[a], row);
      }
    }
    return true;
  }

  private void call(Method method, Object[] values) {
    try {
      method.invoke(instance, values);
    } catch (InvocationTargetException e) {
      throw failed(function, "eval", e.getCause());
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw failed(function, "eval", e);
    }
  }

  /** What the function's {@code collect} calls: one more output row for the current input row. */
  private void collect(Object collected) {
    reserve(produced + 1);
    if (eval.collectsRows()) {
      if (!(collected instanceof Row row) || row.getArity() != functionColumns.length) {
        throw new IllegalArgumentException(
            "collect("
                + collected
                + ") does not give a Row of the "
                + functionColumns.length
                + " columns its @FunctionHint declares ("
                + eval.columns()
                + ")");
      }
      for (int c = 0; c < functionColumns.length; c++) {
        write(c, row.getField(c));
      }
    } else {
      write(0, collected);
    }
    inputRows[produced] = currentRow;
    produced++;
  }

  private void write(int column, Object value) {
    try {
      JavaValues.write(
          functionColumns[column],
          produced,
          value,
          functionTypes.get(column),
          functionScales[column]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "column " + eval.columns().get(column) + ": " + e.getMessage(), e);
    }
  }

  private void start(int rows) {
    produced = 0;
    inputRows = new int[Math.max(16, rows)];
    functionColumns = new ColumnVector[functionTypes.size()];
    for (int c = 0; c < functionColumns.length; c++) {
      functionColumns[c] = ColumnVector.allocate(functionTypes.get(c), inputRows.length);
    }
  }

  private void reserve(int rows) {
    if (rows > inputRows.length) {
      int capacity = Math.max(rows, inputRows.length * 2);
      inputRows = Arrays.copyOf(inputRows, capacity);
      for (ColumnVector column : functionColumns) {
        column.ensureCapacity(capacity);
      }
    }
  }

  private Batch finish(Batch in) {
    ColumnVector[] out = new ColumnVector[outputTypes.size()];
    for (int c = 0; c < leftColumns; c++) {
      out[c] = in.column(c).gather(inputRows, produced);
    }
    System.arraycopy(functionColumns, 0, out, leftColumns, functionColumns.length);
    byte[] inKinds = in.rowKinds();
    byte[] kinds = null;
    if (inKinds != null) {
      kinds = new byte[produced];
      for (int i = 0; i < produced; i++) {
        kinds[i] = inKinds[inputRows[i]];
      }
    }
    Batch result = new Batch(out, produced, kinds);
    functionColumns = new ColumnVector[0];
    return result;
  }

  private static SluiceException failed(
      UserTableFunction function, String method, Throwable cause) {
    return new SluiceException(
        ErrorCode.QUERY_FAILED,
        "The table function "
            + function.name()
            + " (class "
            + function.type().getName()
            + ") failed in "
            + method
            + ": "
            + cause,
        cause);
  }
}
