package io.sluice.plan.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.ColumnType;

/**
 * One aggregate function call of an aggregate node.
 *
 * @param argument input column, or -1 for COUNT(*)
 * @param filter input column of the FILTER (WHERE …) flag, or -1
 * @param resultScale DECIMAL scale of the result, or -1
 */
public record AggregateCallSpec(
    Function function,
    int argument,
    int filter,
    ColumnType argumentType,
    ColumnType resultType,
    int resultScale,
    String name) {
  /** Supported aggregate functions. */
  public enum Function {
    COUNT,
    COUNT_DISTINCT,
    SUM,
    AVG,
    MIN,
    MAX
  }

  public AggregateCallSpec {
    requireNonNull(function, "function is null");
    requireNonNull(resultType, "resultType is null");
    requireNonNull(name, "name is null");
  }

  @Override
  public String toString() {
    String arg = argument < 0 ? "*" : "$" + argument;
    String call =
        function == Function.COUNT_DISTINCT
            ? "COUNT(DISTINCT " + arg + ")"
            : function + "(" + arg + ")";
    return call + (filter < 0 ? "" : " FILTER $" + filter) + " AS " + name;
  }
}
