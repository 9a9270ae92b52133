package io.sluice.connector.kafka;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.connector.SourceContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The WITH options a Kafka source and sink share: {@code topic}, {@code bootstrap.servers} and any
 * {@code properties.*} passed through to the Kafka client with the prefix removed. Values are never
 * logged or put into messages: they may hold credentials (e.g. {@code sasl.jaas.config}).
 */
public final class KafkaClientOptions {
  public static final String TOPIC_OPTION = "topic";
  public static final String BOOTSTRAP_SERVERS_OPTION = "bootstrap.servers";
  public static final String PROPERTIES_PREFIX = "properties.";

  private final String relationName;
  private final String topic;
  private final Map<String, Object> clientProperties;

  /**
   * @throws IllegalArgumentException when {@code topic} or {@code bootstrap.servers} is missing
   */
  public KafkaClientOptions(SourceContext context) {
    requireNonNull(context, "context is null");
    this.relationName = context.relationName();
    this.topic = context.requiredOption(TOPIC_OPTION).trim();
    if (topic.isEmpty()) {
      throw new IllegalArgumentException(
          "Option '" + TOPIC_OPTION + "' of '" + relationName + "' is empty");
    }
    Map<String, Object> properties = new HashMap<>();
    context
        .options()
        .forEach(
            (key, value) -> {
              if (key.startsWith(PROPERTIES_PREFIX) && key.length() > PROPERTIES_PREFIX.length()) {
                properties.put(key.substring(PROPERTIES_PREFIX.length()), value);
              }
            });
    String servers = context.options().get(BOOTSTRAP_SERVERS_OPTION);
    if (servers != null) {
      properties.put(BOOTSTRAP_SERVERS_OPTION, servers);
    } else if (!properties.containsKey(BOOTSTRAP_SERVERS_OPTION)) {
      throw new IllegalArgumentException(
          "Missing required option '"
              + BOOTSTRAP_SERVERS_OPTION
              + "' in WITH clause of '"
              + relationName
              + "'");
    }
    this.clientProperties = Map.copyOf(properties);
  }

  public String relationName() {
    return relationName;
  }

  public String topic() {
    return topic;
  }

  /** A client property given by the user, or null. */
  public String property(String key) {
    Object value = clientProperties.get(key);
    return value == null ? null : value.toString();
  }

  /**
   * Client configuration: the user's properties, then {@code defaults} for keys the user left
   * unset, then {@code forced} over everything (settings exactly-once depends on).
   */
  public Map<String, Object> clientConfig(
      Map<String, Object> defaults, Map<String, Object> forced) {
    Map<String, Object> config = new HashMap<>(defaults);
    config.putAll(clientProperties);
    config.putAll(forced);
    return config;
  }
}
