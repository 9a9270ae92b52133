package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A computed column of a stream or table ({@code name AS expression}): not read from the source but
 * computed when the relation is read. Only {@code PROCTIME()} for now, which makes the column a
 * processing-time attribute.
 *
 * @param expression the expression as SQL text, e.g. {@code PROCTIME()}
 */
public record ComputedColumn(String name, String expression) {
  /** The expression of a processing-time column. */
  public static final String PROCTIME = "PROCTIME()";

  public ComputedColumn {
    requireNonNull(name, "name is null");
    requireNonNull(expression, "expression is null");
  }
}
