package io.sluice.server.session;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The principal of the request the current thread serves. The HTTP layer authenticates a request
 * and runs the JDBC protocol's handling of it inside {@link #runAs}; the protocol layer, which sees
 * only Avatica's messages, reads the caller here.
 */
public final class CurrentPrincipal {
  private static final ThreadLocal<Principal> CURRENT = new ThreadLocal<>();

  private CurrentPrincipal() {}

  /** An action that may throw a checked exception of type {@code E}. */
  @FunctionalInterface
  public interface Action<E extends Exception> {
    void run() throws E;
  }

  /** Runs {@code action} with {@code principal} as the current principal of this thread. */
  public static <E extends Exception> void runAs(Principal principal, Action<E> action) throws E {
    requireNonNull(principal, "principal is null");
    Principal previous = CURRENT.get();
    CURRENT.set(principal);
    try {
      action.run();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** The principal of the request this thread serves, if it runs inside {@link #runAs}. */
  public static Optional<Principal> get() {
    return Optional.ofNullable(CURRENT.get());
  }
}
