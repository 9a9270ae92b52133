package io.sluice.server;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection's state: who it belongs to, and the settings changed with {@code SET 'key' =
 * 'value'} (e.g. {@code trigger}).
 */
public final class Session {
  private final Map<String, String> properties = new ConcurrentHashMap<>();
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

  public void set(String key, String value) {
    properties.put(key.toLowerCase(Locale.ROOT), value);
  }

  public void reset(String key) {
    properties.remove(key.toLowerCase(Locale.ROOT));
  }

  public String get(String key, String defaultValue) {
    return properties.getOrDefault(key.toLowerCase(Locale.ROOT), defaultValue);
  }

  public Map<String, String> properties() {
    return Map.copyOf(properties);
  }
}
