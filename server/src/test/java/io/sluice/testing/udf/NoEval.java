package io.sluice.testing.udf;

import io.sluice.function.ScalarFunction;

/** A class that claims to be a UDF but has no eval method. */
public final class NoEval implements ScalarFunction {
  public String evaluate(String text) {
    return text;
  }
}
