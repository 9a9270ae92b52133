package io.sluice.server.session;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A connection's state: who it belongs to, and the settings changed with {@code SET 'key' =
 * 'value'} (e.g. {@code trigger}).
 */
public final class Session {
  private final Map<SessionProperty, String> properties = new EnumMap<>(SessionProperty.class);
  private volatile Principal principal;

  /** A session of an embedded engine or a server without authentication. */
  public Session() {
    this(Principal.ANONYMOUS);
  }

  public Session(Principal principal) {
    this.principal = requireNonNull(principal, "principal is null");
  }

  /** Who runs this session's statements. */
  public Principal principal() {
    return principal;
  }

  /**
   * Checks that a request on this session comes from the user who opened it, and takes that user's
   * current role (an admin may have changed it since).
   */
  public void actAs(Principal caller) {
    requireNonNull(caller, "caller is null");
    if (!caller.name().equals(principal.name())) {
      throw new SecurityException("This connection belongs to another user");
    }
    principal = caller;
  }

  /** Sets a property, after checking the value. */
  public synchronized void set(SessionProperty property, String value) {
    property.validate(value);
    properties.put(property, value.trim());
  }

  public synchronized void reset(SessionProperty property) {
    properties.remove(property);
  }

  /** The value the session set, if it set one. */
  public synchronized Optional<String> get(SessionProperty property) {
    return Optional.ofNullable(properties.get(property));
  }

  /** The value the session set, or {@code defaultValue}. */
  public String get(SessionProperty property, String defaultValue) {
    return get(property).orElse(defaultValue);
  }

  public synchronized Map<SessionProperty, String> properties() {
    return Map.copyOf(properties);
  }
}
