package io.sluice.http.auth;

import static java.util.Objects.requireNonNull;

import io.sluice.server.session.Principal;

/** The principal Jetty keeps for a request that authenticated: the Sluice user and role. */
public final class AuthenticatedUser implements java.security.Principal {
  private final Principal principal;

  public AuthenticatedUser(Principal principal) {
    this.principal = requireNonNull(principal, "principal is null");
  }

  public Principal principal() {
    return principal;
  }

  @Override
  public String getName() {
    return principal.name();
  }

  @Override
  public String toString() {
    return principal.name() + " (" + principal.role().word() + ")";
  }
}
