package io.sluice.plan.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.ColumnType;
import io.sluice.sql.function.SqlUserAggregateFunction;
import java.util.List;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One aggregate function call of an aggregate node.
 *
 * @param argument input column, or -1 for COUNT(*) (for a user-defined function: its first
 *     argument, or -1 when it takes none)
 * @param filter input column of the FILTER (WHERE …) flag, or -1
 * @param resultScale DECIMAL scale of the result, or -1
 * @param arguments every argument's input column (built-in functions: {@code argument} alone, or
 *     none)
 * @param argumentTypes the type of each of {@code arguments}
 * @param userFunction the user-defined aggregate function and its {@code accumulate} method, for
 *     {@link Function#USER}; null otherwise
 * @param canRetract whether the call can take rows back out of its groups (rows an updating input
 *     retracts): false only for a user-defined function without a {@code retract} method for its
 *     arguments; the built-in functions retract
 */
public record AggregateCallSpec(
    Function function,
    int argument,
    int filter,
    ColumnType argumentType,
    ColumnType resultType,
    int resultScale,
    String name,
    List<Integer> arguments,
    List<ColumnType> argumentTypes,
    @Nullable SqlUserAggregateFunction userFunction,
    boolean canRetract) {
  /** Supported aggregate functions. */
  public enum Function {
    COUNT,
    COUNT_DISTINCT,
    SUM,
    AVG,
    MIN,
    MAX,
    /** A user-defined aggregate function ({@code CREATE FUNCTION}). */
    USER
  }

  public AggregateCallSpec {
    requireNonNull(function, "function is null");
    requireNonNull(resultType, "resultType is null");
    requireNonNull(name, "name is null");
    arguments = List.copyOf(arguments);
    argumentTypes = List.copyOf(argumentTypes);
    if ((function == Function.USER) != (userFunction != null)) {
      throw new IllegalArgumentException("a user function call, and only one, names its function");
    }
  }

  /** A call of a built-in function of one argument (or none, {@code argument} -1). */
  public AggregateCallSpec(
      Function function,
      int argument,
      int filter,
      ColumnType argumentType,
      ColumnType resultType,
      int resultScale,
      String name) {
    this(
        function,
        argument,
        filter,
        argumentType,
        resultType,
        resultScale,
        name,
        argument < 0 ? List.of() : List.of(argument),
        argument < 0 || argumentType == null ? List.of() : List.of(argumentType),
        null,
        true);
  }

  /**
   * Why the call cannot retract, naming the function and the missing method, for a planner refusing
   * an aggregate over an updating input; null when it can.
   */
  public @Nullable String retractionRefusal() {
    if (canRetract || userFunction == null) {
      return null;
    }
    return "the aggregate function "
        + userFunction.function().name()
        + " (class "
        + userFunction.function().type().getName()
        + ") has no method retract("
        + parameterList()
        + ") to take back rows an updating input retracts";
  }

  /** The {@code accumulate} parameters of a user function call, as Java source names them. */
  private String parameterList() {
    Class<?>[] parameters =
        requireNonNull(userFunction, "userFunction").accumulate().getParameterTypes();
    return java.util.Arrays.stream(parameters)
        .map(Class::getSimpleName)
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    String arg = argument < 0 ? "*" : "$" + argument;
    String call;
    if (function == Function.USER) {
      call =
          requireNonNull(userFunction, "userFunction").function().name()
              + "["
              + userFunction.function().type().getName()
              + "]("
              + arguments.stream().map(a -> "$" + a).collect(Collectors.joining(", "))
              + ")";
    } else if (function == Function.COUNT_DISTINCT) {
      call = "COUNT(DISTINCT " + arg + ")";
    } else {
      call = function + "(" + arg + ")";
    }
    return call + (filter < 0 ? "" : " FILTER $" + filter) + " AS " + name;
  }
}
