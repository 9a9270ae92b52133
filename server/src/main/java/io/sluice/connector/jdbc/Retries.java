package io.sluice.connector.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Runs database work again after failures that pass (a lost connection, a database restarting, a
 * deadlock or serialization failure), waiting longer each time: 0.5 s, 1 s, 2 s, … at most 5 s, for
 * at most the given number of retries and within a time budget. Any other failure is final at once.
 */
final class Retries {
  private static final long FIRST_WAIT_MILLIS = 500;
  private static final long LONGEST_WAIT_MILLIS = 5_000;

  private Retries() {}

  /** Database work that may throw. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * The result of {@code work}, retried after transient failures.
   *
   * @param what what the work does, for the log, e.g. "write batch 3 of sink 'totals'"
   * @throws SQLException the last failure, when it is not transient or the retries are used up
   */
  static <T> T run(String what, int maxRetries, Duration budget, Logger log, Work<T> work)
      throws SQLException {
    long deadline = System.nanoTime() + budget.toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return work.run();
      } catch (SQLException e) {
        long wait = Math.min(LONGEST_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(attempt, 20));
        boolean inBudget = System.nanoTime() + wait * 1_000_000L < deadline;
        if (!isTransient(e) || attempt >= maxRetries || !inBudget) {
          throw e;
        }
        log.warn(
            "Could not {} ({}); retry {} of {} in {} ms",
            what,
            JdbcUrls.mask(String.valueOf(e.getMessage())),
            attempt + 1,
            maxRetries,
            wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Whether {@code e}, or an exception it wraps, says the work may succeed if tried again: a
   * connection error (SQLSTATE class 08), a server shutting down (57P01-57P03), a serialization
   * failure or deadlock (40001, 40P01, MySQL's 1205 and 1213).
   */
  static boolean isTransient(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
        return true;
      }
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null
            && (state.startsWith("08")
                || state.equals("40001")
                || state.equals("40P01")
                || state.startsWith("57P"))) {
          return true;
        }
        if (sql.getErrorCode() == 1205 || sql.getErrorCode() == 1213) {
          return true;
        }
        SQLException next = sql.getNextException();
        if (next != null && next != sql && isTransient(next)) {
          return true;
        }
      }
    }
    return false;
  }
}
