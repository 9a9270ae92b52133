package io.sluice.testing.udf;

import io.sluice.function.DataTypeHint;
import io.sluice.function.FunctionHint;
import io.sluice.function.Row;
import io.sluice.function.TableFunction;

/**
 * Flink's documentation example of a table function: {@code split(line)} emits one row (word,
 * length) per word; {@code split(line, separator)} splits at another separator. Nothing for NULL.
 */
@FunctionHint(output = @DataTypeHint("ROW<word STRING, length INT>"))
public final class Split extends TableFunction<Row> {
  public void eval(String line) {
    eval(line, " ");
  }

  public void eval(String line, String separator) {
    if (line == null || separator == null) {
      return;
    }
    for (String word : line.split(java.util.regex.Pattern.quote(separator))) {
      if (!word.isEmpty()) {
        collect(Row.of(word, word.length()));
      }
    }
  }
}
