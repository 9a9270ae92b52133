package io.sluice.server;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-connection settings changed with {@code SET 'key' = 'value'} (e.g. {@code trigger}). */
public final class Session {
  private final Map<String, String> properties = new ConcurrentHashMap<>();

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
