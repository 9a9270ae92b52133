package io.sluice.testing.udf;

import io.sluice.function.ScalarFunction;

/** A test UDF with a static eval that sees NULLs itself: {@code shout(NULL)} is {@code 'NULL!'}. */
public final class Shout implements ScalarFunction {
  public static String eval(String text) {
    return text == null ? "NULL!" : text.toUpperCase(java.util.Locale.ROOT) + "!";
  }
}
