package io.sluice.spi.connector;

/** Where sources under {@code 'on-error' = 'dead-letter'} hand the records they cannot decode. */
@FunctionalInterface
public interface DeadLetters {
  /** Drops them: for contexts that only validate options, and for sinks. */
  DeadLetters NONE = letter -> {};

  /** Keeps {@code letter}; must not throw for a bad record, whatever its size. */
  void add(DeadLetter letter);
}
