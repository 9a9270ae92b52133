package io.sluice.testing.udf;

import io.sluice.function.Row;
import io.sluice.function.TableFunction;

/** A table function collecting Rows without saying, by a @FunctionHint, of which columns. */
public final class RowsWithoutHint extends TableFunction<Row> {
  public void eval(String text) {
    collect(Row.of(text));
  }
}
