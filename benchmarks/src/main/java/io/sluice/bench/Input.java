package io.sluice.bench;

import java.util.Locale;

/** Where the benchmark's queries read Nexmark events from ({@code --input}). */
public enum Input {
  /** The Nexmark generator itself ({@code 'connector' = 'datagen'}). */
  GENERATOR,
  /** CSV files the generator's events were written to once. */
  CSV,
  /** JSON-lines files the generator's events were written to once. */
  JSON,
  /** Parquet files (Snappy) the generator's events were written to once by Sluice's files sink. */
  PARQUET,
  /** Topics of a local Kafka broker the generator's events were loaded into once, as JSON. */
  KAFKA;

  /** The input's name, e.g. {@code csv}. */
  public String format() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The {@code format} option of the files or records, e.g. {@code csv}. */
  public String recordFormat() {
    return this == KAFKA ? "json" : format();
  }

  /**
   * The input named {@code text}, e.g. {@code csv}.
   *
   * @throws IllegalArgumentException naming the inputs there are
   */
  public static Input parse(String text) {
    for (Input input : values()) {
      if (input.format().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return input;
      }
    }
    throw new IllegalArgumentException(
        "Option --input needs generator, csv, json, parquet or kafka, not '" + text + "'");
  }
}
