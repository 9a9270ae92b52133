package io.sluice.connector.kafka;

import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells Kafka failures that may pass by themselves (a broker out of reach, a call timed out, a
 * leader moving) from those that will not (a missing topic, no permission, a fenced producer).
 */
final class KafkaFailures {
  private KafkaFailures() {}

  static boolean isPassing(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException
          || cause instanceof org.apache.kafka.common.errors.TimeoutException
          || cause instanceof RetriableException
          || cause instanceof NetworkException
          || cause instanceof DisconnectException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** A Kafka failure in words: its message, without the class name. */
  static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? "no details" : message;
  }
}
