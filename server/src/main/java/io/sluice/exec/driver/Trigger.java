package io.sluice.exec.driver;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a query runs its next micro-batch: the {@code trigger} option.
 *
 * <ul>
 *   <li>{@code default}: the next batch starts as soon as the previous ends; with no new data the
 *       driver polls the sources every {@code idlePoll}.
 *   <li>{@code processing-time:N} (N like {@code 500ms}, {@code 2s}, {@code 1m}, or plain
 *       milliseconds): batches start every N; a batch that overruns starts the next at once.
 *   <li>{@code once}: one batch with everything available, then the query ends.
 *   <li>{@code available-now}: everything available, in as many batches as the sources' per-trigger
 *       limits need, then the query ends.
 *   <li>{@code continuous:N} (or {@code continuous}, N = 1s): rows flow through as they arrive, in
 *       small batches of whatever came with no wait between them; N is the epoch: offsets, state
 *       and the sink's commit are checkpointed once per N.
 * </ul>
 */
public record Trigger(Kind kind, Duration interval) {
  /** The trigger policies. */
  public enum Kind {
    DEFAULT,
    PROCESSING_TIME,
    ONCE,
    AVAILABLE_NOW,
    CONTINUOUS
  }

  private static final Pattern PROCESSING_TIME =
      Pattern.compile("processing-time\\s*:\\s*(\\d+)\\s*(ms|s|m|)", Pattern.CASE_INSENSITIVE);
  private static final Pattern CONTINUOUS =
      Pattern.compile("continuous\\s*:\\s*(\\d+)\\s*(ms|s|m|)", Pattern.CASE_INSENSITIVE);

  /** The epoch of {@code continuous} without a duration, as Spark's continuous trigger. */
  public static final Duration DEFAULT_EPOCH = Duration.ofSeconds(1);

  /**
   * Epochs shorter than this would checkpoint more often than a disk can sync usefully. A sink that
   * commits behind the flow (Kafka) lengthens an epoch while the previous one still commits.
   */
  private static final Duration MIN_EPOCH = Duration.ofMillis(10);

  public static final Trigger DEFAULT = new Trigger(Kind.DEFAULT, Duration.ZERO);
  public static final Trigger ONCE = new Trigger(Kind.ONCE, Duration.ZERO);
  public static final Trigger AVAILABLE_NOW = new Trigger(Kind.AVAILABLE_NOW, Duration.ZERO);

  /** Parses the option value; the message lists the accepted forms. */
  public static Trigger parse(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    switch (text) {
      case "default":
        return DEFAULT;
      case "once":
        return ONCE;
      case "available-now":
        return AVAILABLE_NOW;
      case "continuous":
        return new Trigger(Kind.CONTINUOUS, DEFAULT_EPOCH);
      default:
        Matcher matcher = PROCESSING_TIME.matcher(text);
        if (matcher.matches()) {
          return new Trigger(Kind.PROCESSING_TIME, duration(matcher));
        }
        Matcher continuous = CONTINUOUS.matcher(text);
        if (continuous.matches()) {
          Duration epoch = duration(continuous);
          if (epoch.compareTo(MIN_EPOCH) < 0) {
            throw new SluiceException(
                ErrorCode.INVALID_OPTION,
                "Invalid trigger '"
                    + value
                    + "': the epoch (checkpoint interval) of a continuous trigger must be at least "
                    + MIN_EPOCH.toMillis()
                    + "ms; rows flow through as they arrive whatever the epoch");
          }
          return new Trigger(Kind.CONTINUOUS, epoch);
        }
        throw new SluiceException(
            ErrorCode.INVALID_OPTION,
            "Invalid trigger '"
                + value
                + "'; expected default, processing-time:N (e.g. processing-time:2s), once, "
                + "available-now or continuous:N (e.g. continuous:1s)");
    }
  }

  private static Duration duration(Matcher matcher) {
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2);
    return unit.equals("s")
        ? Duration.ofSeconds(amount)
        : unit.equals("m") ? Duration.ofMinutes(amount) : Duration.ofMillis(amount);
  }

  /** Whether rows flow through as they arrive, checkpointed once per epoch ({@link #interval}). */
  public boolean isContinuous() {
    return kind == Kind.CONTINUOUS;
  }

  /** Whether the query ends once the sources have nothing more to give. */
  public boolean endsWhenCaughtUp() {
    return kind == Kind.ONCE || kind == Kind.AVAILABLE_NOW;
  }

  @Override
  public String toString() {
    if (kind == Kind.CONTINUOUS) {
      return "continuous:" + interval.toMillis() + "ms";
    }
    return kind == Kind.PROCESSING_TIME
        ? "processing-time:" + interval.toMillis() + "ms"
        : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
