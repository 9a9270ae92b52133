package io.sluice.server.session;

import static java.util.Objects.requireNonNull;

/**
 * Who runs a statement: the user a connection authenticated as, and that user's role.
 *
 * @param name the user name, as {@code sys.queries.started_by} shows it
 */
public record Principal(String name, Role role) {
  /**
   * The caller of a server that authenticates no one ({@code sluice.auth = none}, which only a
   * loopback address allows) or of an embedded engine: someone on this machine, trusted fully.
   */
  public static final Principal ANONYMOUS = new Principal("anonymous", Role.ADMIN);

  public Principal {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
  }
}
