package io.sluice.server.session;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Per-connection settings changed with {@code SET 'key' = 'value'} (e.g. {@code trigger}). */
public final class Session {
  private final Map<SessionProperty, String> properties = new EnumMap<>(SessionProperty.class);

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
