package io.sluice.plan.spec;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.util.Locale;

/**
 * How a query's result table reaches the client (session option {@code output.mode}).
 *
 * <ul>
 *   <li>{@code append}: only final rows; a windowed aggregate emits a window once the watermark
 *       closes it. Not possible for an aggregate without a window.
 *   <li>{@code update}: each batch, the rows of the result table that changed, keyed by the group
 *       key (+I for a new key, +U for a changed one).
 *   <li>{@code complete}: each batch, the whole result table. Needs an aggregate.
 *   <li>{@code auto} (default): append when the query can, update otherwise.
 * </ul>
 *
 * <p>Snapshot queries (plain SELECT) use {@link #FINAL}: aggregates emit their result once, when
 * the input is exhausted.
 */
public enum OutputMode {
  APPEND,
  UPDATE,
  COMPLETE,
  AUTO,
  FINAL;

  public static OutputMode parse(String value) {
    try {
      OutputMode mode = valueOf(value.trim().toUpperCase(Locale.ROOT));
      if (mode != FINAL) {
        return mode;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the message naming the accepted values
    }
    throw new SluiceException(
        ErrorCode.INVALID_OPTION,
        "Invalid output.mode '" + value + "'; expected append, update, complete or auto");
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
