package io.sluice.testing.udf;

import io.sluice.function.ScalarFunction;

/** A test UDF with two overloads: {@code repeat(s, n)} and {@code repeat(n)} (n stars). */
public final class Repeat implements ScalarFunction {
  public String eval(String text, int times) {
    return text == null ? null : text.repeat(Math.max(0, times));
  }

  public String eval(long times) {
    return "*".repeat((int) Math.max(0, times));
  }
}
