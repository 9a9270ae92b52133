package io.sluice.sql.function;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A user-defined aggregate function in Flink's convention, found by method names as Flink does (a
 * base class is optional): {@code ACC createAccumulator()}, {@code T getValue(ACC)}, one or more
 * {@code accumulate(ACC, args…)}, optionally {@code retract(ACC, args…)} with the same arguments
 * (for updating input) and {@code merge(ACC, Iterable<ACC>)} (for merging SESSION windows).
 *
 * @param name the SQL name, for messages
 * @param type the class; instances come from its public no-argument constructor
 * @param accumulate the {@code accumulate} methods, fewest arguments first
 * @param retract the {@code retract} methods, each with the arguments of an {@code accumulate}
 * @param merge {@code merge(ACC, Iterable<ACC>)}, or null
 */
public record UserAggregate(
    String name,
    Class<?> type,
    Method createAccumulator,
    Method getValue,
    List<Method> accumulate,
    List<Method> retract,
    @Nullable Method merge) {
  public UserAggregate {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(createAccumulator, "createAccumulator is null");
    requireNonNull(getValue, "getValue is null");
    accumulate = List.copyOf(accumulate);
    retract = List.copyOf(retract);
  }

  /** The class of the accumulator, as {@code createAccumulator} declares it. */
  public Class<?> accumulatorType() {
    return createAccumulator.getReturnType();
  }

  /** The result's Java type, as {@code getValue} declares it. */
  public Class<?> resultType() {
    return getValue.getReturnType();
  }

  /** The {@code retract} taking the arguments {@code accumulate} takes, if the class has one. */
  public Optional<Method> retractFor(Method accumulate) {
    return retract.stream()
        .filter(r -> Arrays.equals(r.getParameterTypes(), accumulate.getParameterTypes()))
        .findFirst();
  }

  /**
   * Checks {@code type} as an aggregate function named {@code name}; errors point at {@code pos}.
   */
  public static UserAggregate of(String name, Class<?> type, SqlParserPos pos) {
    UserFunctions.requirePublic(name, type, pos);
    UserFunctions.requireConstructor(name, type, pos, "the class");
    String className = type.getName();
    Method create =
        UserFunctions.methods(type, "createAccumulator").stream()
            .filter(m -> m.getParameterCount() == 0)
            .findFirst()
            .orElseThrow(
                () ->
                    SluiceErrors.functionClassInvalid(
                        pos,
                        name,
                        className,
                        "an aggregate function needs a public method createAccumulator()"));
    requireInstance(name, type, create, pos);
    Class<?> accumulator = create.getReturnType();
    if (accumulator == Object.class || accumulator.isPrimitive() || accumulator == void.class) {
      throw SluiceErrors.functionClassInvalid(
          pos,
          name,
          className,
          "createAccumulator() returns "
              + accumulator.getSimpleName()
              + "; declare the accumulator's own class as its return type (checkpoints read"
              + " accumulators back as that class)");
    }
    Method getValue =
        UserFunctions.methods(type, "getValue").stream()
            .filter(
                m ->
                    m.getParameterCount() == 1
                        && m.getParameterTypes()[0].isAssignableFrom(accumulator))
            .findFirst()
            .orElseThrow(
                () ->
                    SluiceErrors.functionClassInvalid(
                        pos,
                        name,
                        className,
                        "an aggregate function needs a public method getValue("
                            + accumulator.getSimpleName()
                            + ")"));
    requireInstance(name, type, getValue, pos);
    if (!JavaTypes.supported(getValue.getReturnType())) {
      throw SluiceErrors.functionClassInvalid(
          pos,
          name,
          className,
          "return type "
              + getValue.getReturnType().getSimpleName()
              + " of "
              + getValue
              + " has no SQL type; use "
              + JavaTypes.names());
    }
    List<Method> accumulate = UserFunctions.methods(type, "accumulate");
    if (accumulate.isEmpty()) {
      throw SluiceErrors.functionClassInvalid(
          pos,
          name,
          className,
          "an aggregate function needs a public method accumulate("
              + accumulator.getSimpleName()
              + ", …)");
    }
    for (Method method : accumulate) {
      requireAccumulatorFirst(name, type, method, accumulator, pos);
    }
    List<Method> retract = UserFunctions.methods(type, "retract");
    for (Method method : retract) {
      requireAccumulatorFirst(name, type, method, accumulator, pos);
      boolean matches =
          accumulate.stream()
              .anyMatch(a -> Arrays.equals(a.getParameterTypes(), method.getParameterTypes()));
      if (!matches) {
        throw SluiceErrors.functionClassInvalid(
            pos, name, className, method + " takes other arguments than every accumulate method");
      }
    }
    Method merge = null;
    for (Method method : UserFunctions.methods(type, "merge")) {
      Class<?>[] parameters = method.getParameterTypes();
      if (parameters.length != 2
          || !parameters[0].isAssignableFrom(accumulator)
          || !parameters[1].isAssignableFrom(List.class)) {
        throw SluiceErrors.functionClassInvalid(
            pos,
            name,
            className,
            method
                + " does not take ("
                + accumulator.getSimpleName()
                + ", Iterable<"
                + accumulator.getSimpleName()
                + ">)");
      }
      requireInstance(name, type, method, pos);
      merge = method;
    }
    return new UserAggregate(name, type, create, getValue, accumulate, retract, merge);
  }

  private static void requireAccumulatorFirst(
      String name, Class<?> type, Method method, Class<?> accumulator, SqlParserPos pos) {
    requireInstance(name, type, method, pos);
    if (method.getParameterCount() == 0
        || !method.getParameterTypes()[0].isAssignableFrom(accumulator)) {
      throw SluiceErrors.functionClassInvalid(
          pos,
          name,
          type.getName(),
          method
              + " does not take the accumulator ("
              + accumulator.getSimpleName()
              + ", what createAccumulator returns) first");
    }
    UserFunctions.requireSupportedParameters(name, type, method, 1, pos);
  }

  private static void requireInstance(String name, Class<?> type, Method method, SqlParserPos pos) {
    if (Modifier.isStatic(method.getModifiers())) {
      throw SluiceErrors.functionClassInvalid(
          pos, name, type.getName(), method.getName() + " must not be static: " + method);
    }
  }

  @Override
  public String toString() {
    return name + "[" + type.getName() + "]";
  }
}
