package io.sluice.bench.chaos;

import java.nio.file.Path;

/**
 * Command-line options of {@link ChaosSoak}.
 *
 * @param minutes how long to land files and kill the server
 * @param dir working folder (input, outputs, the server's data); null for a new temporary one
 * @param kafka bootstrap servers of a Kafka broker for the Kafka sink; null to leave it out
 * @param seed of the random kill moments
 */
public record ChaosOptions(double minutes, Path dir, String kafka, long seed, boolean help) {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: bin/sluice bench chaos [options]",
          "  --minutes N        how long to land files and kill the server (default 2)",
          "  --dir DIR          working folder (default: a new temporary folder)",
          "  --kafka HOST:PORT  a Kafka broker for the Kafka sink (default: no Kafka sink)",
          "  --seed N           seed of the random kill moments (default: the clock)");

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming an unknown option or a bad value
   */
  public static ChaosOptions parse(String[] args) {
    double minutes = 2;
    Path dir = null;
    String kafka = null;
    long seed = System.nanoTime();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + arg + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      try {
        switch (arg) {
          case "--minutes" -> minutes = Double.parseDouble(value);
          case "--dir" -> dir = Path.of(value);
          case "--kafka" -> kafka = value;
          case "--seed" -> seed = Long.parseLong(value);
          default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Option " + arg + " needs a number, not " + value, e);
      }
    }
    if (!(minutes > 0)) {
      throw new IllegalArgumentException("--minutes must be more than 0, not " + minutes);
    }
    return new ChaosOptions(minutes, dir, kafka, seed, help);
  }
}
