package io.sluice.testing.udf;

import io.sluice.function.ScalarFunction;

/**
 * A class whose static initialiser leaves a trace (a system property) and that has no {@code eval}
 * method: CREATE FUNCTION must refuse it without initialising it.
 */
public final class StaticTrap implements ScalarFunction {
  /** The property the initialiser sets. */
  public static final String TRACE = "sluice.test.static-trap";

  static {
    System.setProperty(TRACE, "initialised");
  }

  public static String notEval(String text) {
    return text;
  }
}
