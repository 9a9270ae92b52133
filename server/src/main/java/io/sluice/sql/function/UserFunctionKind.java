package io.sluice.sql.function;

import java.util.Locale;

/** What a user-defined function's class is, told by its shape (see {@link UserFunctions#kind}). */
public enum UserFunctionKind {
  /**
   * One value per call: {@code eval} methods, implements {@code io.sluice.function.ScalarFunction}.
   */
  SCALAR,
  /** One value per group: {@code createAccumulator}, {@code accumulate}, {@code getValue}. */
  AGGREGATE,
  /** Rows per call: extends {@code io.sluice.function.TableFunction}, {@code eval} collects. */
  TABLE;

  /** As {@code sys.functions} shows it: {@code scalar}, {@code aggregate}, {@code table}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
