package io.sluice.exec.operator;

import java.util.ArrayList;
import java.util.List;

/**
 * The exchanges of one run of a parallel query, numbered in the order its plan meets them: every
 * subtask's translation of the plan asks for exchange {@code n} and gets the same channel.
 */
public final class ExchangeChannels {
  private final int parallelism;
  private final List<ExchangeChannel> channels = new ArrayList<>();

  public ExchangeChannels(int parallelism) {
    if (parallelism < 1 || parallelism > KeyGroups.COUNT) {
      throw new IllegalArgumentException(
          "parallelism must be between 1 and " + KeyGroups.COUNT + ": " + parallelism);
    }
    this.parallelism = parallelism;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Exchange {@code index}, made when first asked for. */
  public synchronized ExchangeChannel channel(int index) {
    while (channels.size() <= index) {
      channels.add(new ExchangeChannel(parallelism));
    }
    return channels.get(index);
  }

  /** Releases every subtask waiting at an exchange: the batch is abandoned. */
  public synchronized void abortAll() {
    channels.forEach(ExchangeChannel::abort);
  }
}
