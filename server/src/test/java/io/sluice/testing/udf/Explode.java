package io.sluice.testing.udf;

import io.sluice.function.TableFunction;

/** {@code explode(s)}: collects s, and fails on the value "boom", as a buggy function would. */
public final class Explode extends TableFunction<String> {
  public void eval(String text) {
    if ("boom".equals(text)) {
      throw new IllegalStateException("cannot explode " + text);
    }
    collect(text);
  }
}
