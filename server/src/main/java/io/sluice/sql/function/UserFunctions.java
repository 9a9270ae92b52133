package io.sluice.sql.function;

import io.sluice.error.SluiceErrors;
import io.sluice.function.ScalarFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Loads the class of a user-defined scalar function and finds its public {@code eval} methods,
 * checking what Flink's ScalarFunction convention asks: a public class implementing {@link
 * ScalarFunction}, public {@code eval} methods over SQL-mappable types, and a public no-argument
 * constructor for instance methods.
 */
public final class UserFunctions {
  /** Java types an {@code eval} method may take and return, as Sluice maps them to SQL. */
  private static final Set<Class<?>> SUPPORTED =
      Set.of(
          String.class,
          boolean.class,
          Boolean.class,
          byte.class,
          Byte.class,
          short.class,
          Short.class,
          int.class,
          Integer.class,
          long.class,
          Long.class,
          float.class,
          Float.class,
          double.class,
          Double.class,
          BigDecimal.class);

  private UserFunctions() {}

  /**
   * The {@code eval} methods of {@code className}, fewest parameters first; errors name function
   * {@code name} and point at {@code pos}.
   */
  public static List<Method> evalMethods(String name, String className, SqlParserPos pos) {
    Class<?> type;
    try {
      // The loader of the generated expression code, so the compiled code sees the class too.
      // Not initialised: checking a class must not run its static initialiser (a query calling
      // the function does, later).
      type = Class.forName(className, false, UserFunctions.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw SluiceErrors.functionClassInvalid(
          pos, name, className, "no such class on the server's class path");
    }
    if (!ScalarFunction.class.isAssignableFrom(type)) {
      throw SluiceErrors.functionClassInvalid(
          pos, name, className, "it does not implement " + ScalarFunction.class.getName());
    }
    if (!Modifier.isPublic(type.getModifiers())) {
      throw SluiceErrors.functionClassInvalid(pos, name, className, "the class is not public");
    }
    List<Method> methods = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (method.getName().equals("eval")) {
        methods.add(method);
      }
    }
    if (methods.isEmpty()) {
      throw SluiceErrors.functionClassInvalid(pos, name, className, "it has no public method eval");
    }
    for (Method method : methods) {
      if (method.isVarArgs()) {
        throw SluiceErrors.functionClassInvalid(
            pos, name, className, "eval with variable arguments is not supported: " + method);
      }
      for (Class<?> parameter : method.getParameterTypes()) {
        if (!SUPPORTED.contains(parameter)) {
          throw SluiceErrors.functionClassInvalid(
              pos,
              name,
              className,
              "parameter type "
                  + parameter.getSimpleName()
                  + " of "
                  + method
                  + " has no SQL type; use "
                  + names());
        }
      }
      if (!SUPPORTED.contains(method.getReturnType())) {
        throw SluiceErrors.functionClassInvalid(
            pos,
            name,
            className,
            "return type "
                + method.getReturnType().getSimpleName()
                + " of "
                + method
                + " has no SQL type; use "
                + names());
      }
      if (!Modifier.isStatic(method.getModifiers())) {
        try {
          var unused = type.getConstructor();
        } catch (NoSuchMethodException e) {
          throw SluiceErrors.functionClassInvalid(
              pos,
              name,
              className,
              "eval is not static and the class has no public constructor without arguments");
        }
      }
    }
    methods.sort(
        Comparator.comparingInt(Method::getParameterCount).thenComparing(Method::toString));
    return methods;
  }

  private static String names() {
    return "String, boolean, byte, short, int, long, float, double (or their boxes), BigDecimal";
  }
}
