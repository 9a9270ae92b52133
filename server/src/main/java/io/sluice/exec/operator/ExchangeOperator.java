package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import java.util.Arrays;

/**
 * One subtask's end of an exchange: sends its input's rows to the subtasks they belong to — by the
 * key group of their key columns, all to subtask 0, or to every subtask — and returns the rows the
 * subtasks sent it, in subtask order (so each sender's rows keep their order). At parallelism 1
 * rows pass through.
 */
public final class ExchangeOperator extends SingleInputOperator {
  /** Where rows go. */
  public enum Mode {
    HASH,
    SINGLE,
    BROADCAST
  }

  private final ExchangeChannel channel;
  private final int subtask;
  private final Mode mode;
  private final int[] keys;

  /**
   * @param keys for {@link Mode#HASH}, the columns hashed to a key group
   */
  public ExchangeOperator(
      Operator input, ExchangeChannel channel, int subtask, Mode mode, int[] keys) {
    super(input);
    this.channel = requireNonNull(channel, "channel is null");
    this.subtask = subtask;
    this.mode = requireNonNull(mode, "mode is null");
    this.keys = keys.clone();
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    int parallelism = channel.parallelism();
    if (parallelism == 1) {
      return in;
    }
    Batch[] outgoing = new Batch[parallelism];
    Batch empty = Batches.select(in, new int[0], 0);
    Arrays.fill(outgoing, empty);
    switch (mode) {
      case SINGLE -> outgoing[0] = whole(in);
      case BROADCAST -> {
        // each receiver gets its own copy: a batch handed on belongs to its receiver
        for (int to = 0; to < parallelism; to++) {
          outgoing[to] = to == 0 ? whole(in) : copy(in);
        }
      }
      case HASH -> partition(in, outgoing, parallelism);
    }
    return Batches.concat(channel.exchange(subtask, outgoing, input.isFinished()));
  }

  private void partition(Batch in, Batch[] outgoing, int parallelism) {
    int rows = in.rowCount();
    if (rows == 0) {
      return;
    }
    int[] target = new int[rows];
    int[] counts = new int[parallelism];
    KeyGroups.hashes(in, keys, target);
    for (int row = 0; row < rows; row++) {
      int to = KeyGroups.subtask(KeyGroups.keyGroup(target[row]), parallelism);
      target[row] = to;
      counts[to]++;
    }
    int[][] selections = new int[parallelism][];
    for (int to = 0; to < parallelism; to++) {
      selections[to] = new int[counts[to]];
      counts[to] = 0;
    }
    for (int row = 0; row < rows; row++) {
      int to = target[row];
      selections[to][counts[to]++] = row;
    }
    for (int to = 0; to < parallelism; to++) {
      if (counts[to] == rows) {
        outgoing[to] = whole(in);
      } else if (counts[to] > 0) {
        outgoing[to] = Batches.select(in, selections[to], counts[to]);
      }
    }
  }

  /**
   * {@code in}, to be handed on whole: read by another subtask's thread, so its deferred columns
   * are built here first and nothing writes it after (a shared scan's other readers on this
   * thread).
   */
  private static Batch whole(Batch in) {
    in.columns();
    return in;
  }

  private static Batch copy(Batch batch) {
    int[] all = new int[batch.rowCount()];
    Arrays.setAll(all, i -> i);
    return Batches.select(batch, all, all.length);
  }

  /** Finished once every subtask's input is: rows may still come from another subtask. */
  @Override
  public boolean isFinished() {
    return channel.parallelism() == 1 ? input.isFinished() : channel.allInputsFinished();
  }
}
