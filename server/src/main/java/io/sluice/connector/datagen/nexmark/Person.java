package io.sluice.connector.datagen.nexmark;

import static java.util.Objects.requireNonNull;

/**
 * A new person registering with the auction site.
 *
 * @param dateTime event time, epoch millis
 * @param extra padding to the model's average event size; empty when not asked for
 */
public record Person(
    long id,
    String name,
    String emailAddress,
    String creditCard,
    String city,
    String state,
    long dateTime,
    String extra) {
  public Person {
    requireNonNull(name, "name is null");
    requireNonNull(emailAddress, "emailAddress is null");
    requireNonNull(creditCard, "creditCard is null");
    requireNonNull(city, "city is null");
    requireNonNull(state, "state is null");
    requireNonNull(extra, "extra is null");
  }
}
