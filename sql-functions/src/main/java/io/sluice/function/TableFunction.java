package io.sluice.function;

import java.util.function.Consumer;

/**
 * Base class of user-defined table functions, as Flink's {@code TableFunction<T>}: public {@code
 * eval} methods emit any number of rows per call with {@link #collect}. A function returning
 * several columns collects {@link Row}s and declares them with {@code @FunctionHint(output
 * = @DataTypeHint("ROW<name TYPE, …>"))}; one returning a single column collects values of {@code
 * T} ({@code String}, {@code Long}, …), named {@code f0} unless the query names it. Registered with
 * {@code CREATE FUNCTION name AS 'class'} and called as {@code LATERAL TABLE(name(…))}.
 *
 * @param <T> what one collected row is
 */
public abstract class TableFunction<T> {
  private Consumer<? super T> collector;

  /** Where {@link #collect} sends rows; set by the server before it calls {@code eval}. */
  public final void setCollector(Consumer<? super T> collector) {
    this.collector = collector;
  }

  /** Emits one row of the current {@code eval} call. */
  protected final void collect(T row) {
    if (collector == null) {
      throw new IllegalStateException(
          getClass().getName() + ".collect was called outside of an eval the server made");
    }
    collector.accept(row);
  }
}
