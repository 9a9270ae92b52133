package io.sluice.bench;

import java.util.Locale;

/** Where the benchmark's queries read Nexmark events from ({@code --input}). */
public enum Input {
  /** The Nexmark generator itself ({@code 'connector' = 'datagen'}). */
  GENERATOR,
  /** CSV files the generator's events were written to once. */
  CSV,
  /** JSON-lines files the generator's events were written to once. */
  JSON;

  /** The {@code format} option of the files, e.g. {@code csv}. */
  public String format() {
    return name().toLowerCase(Locale.ROOT);
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
        "Option --input needs generator, csv or json, not '" + text + "'");
  }
}
