package io.sluice.jdbc.driver;

import java.sql.SQLWarning;

/** Chains of {@link SQLWarning}s. */
final class Warnings {
  private Warnings() {}

  /** {@code chain} followed by {@code more}; either may be null. */
  static SQLWarning append(SQLWarning chain, SQLWarning more) {
    if (chain == null) {
      return more;
    }
    if (more != null) {
      chain.setNextWarning(more);
    }
    return chain;
  }
}
