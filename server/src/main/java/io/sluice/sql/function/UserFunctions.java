package io.sluice.sql.function;

import io.sluice.error.SluiceErrors;
import io.sluice.function.ScalarFunction;
import io.sluice.function.TableFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Loads the class of a user-defined function, tells its kind by its shape, and checks what Flink's
 * conventions ask of a scalar function: a public class implementing {@link ScalarFunction}, public
 * {@code eval} methods over SQL-mappable types, and a public no-argument constructor for instance
 * methods. Aggregate and table functions are checked by {@link UserAggregate} and {@link
 * UserTableFunction}.
 */
public final class UserFunctions {
  private UserFunctions() {}

  /**
   * Class {@code className} from {@code loader}, not initialised: checking a class must not run its
   * static initialiser (a query calling the function does, later). Errors name function {@code
   * name} and point at {@code pos}.
   */
  public static Class<?> load(
      String name, String className, ClassLoader loader, SqlParserPos pos, String where) {
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw SluiceErrors.functionClassInvalid(pos, name, className, "no such class " + where);
    }
  }

  /**
   * The kind of function {@code type} implements: a table function extends {@link TableFunction},
   * an aggregate function has public {@code createAccumulator} or {@code accumulate} methods (with
   * or without a base class, as Flink's are found by name), anything else is a scalar function.
   */
  public static UserFunctionKind kind(Class<?> type) {
    if (TableFunction.class.isAssignableFrom(type)) {
      return UserFunctionKind.TABLE;
    }
    for (Method method : type.getMethods()) {
      if (method.getName().equals("createAccumulator") || method.getName().equals("accumulate")) {
        return UserFunctionKind.AGGREGATE;
      }
    }
    return UserFunctionKind.SCALAR;
  }

  /**
   * Checks {@code type} as a function of its kind, so a class that does not fit is refused when the
   * function is created rather than when a query calls it.
   */
  public static UserFunctionKind check(String name, Class<?> type, SqlParserPos pos) {
    UserFunctionKind kind = kind(type);
    switch (kind) {
      case AGGREGATE -> UserAggregate.of(name, type, pos);
      case TABLE -> UserTableFunction.of(name, type, pos);
      default -> evalMethods(name, type, pos);
    }
    return kind;
  }

  /** The {@code eval} methods of scalar function {@code type}, fewest parameters first. */
  public static List<Method> evalMethods(String name, Class<?> type, SqlParserPos pos) {
    String className = type.getName();
    if (!ScalarFunction.class.isAssignableFrom(type)) {
      throw SluiceErrors.functionClassInvalid(
          pos,
          name,
          className,
          "it does not implement "
              + ScalarFunction.class.getName()
              + " (a scalar function), extend "
              + TableFunction.class.getName()
              + " (a table function) or have createAccumulator, accumulate and getValue methods"
              + " (an aggregate function)");
    }
    requirePublic(name, type, pos);
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
      requireSupportedParameters(name, type, method, 0, pos);
      if (!JavaTypes.supported(method.getReturnType())) {
        throw SluiceErrors.functionClassInvalid(
            pos,
            name,
            className,
            "return type "
                + method.getReturnType().getSimpleName()
                + " of "
                + method
                + " has no SQL type; use "
                + JavaTypes.names());
      }
      if (!Modifier.isStatic(method.getModifiers())) {
        requireConstructor(name, type, pos, "eval is not static and the class");
      }
    }
    methods.sort(
        Comparator.comparingInt(Method::getParameterCount).thenComparing(Method::toString));
    return methods;
  }

  static void requirePublic(String name, Class<?> type, SqlParserPos pos) {
    if (!Modifier.isPublic(type.getModifiers())) {
      throw SluiceErrors.functionClassInvalid(pos, name, type.getName(), "the class is not public");
    }
  }

  /** A public constructor without arguments, so the server can make instances. */
  static void requireConstructor(String name, Class<?> type, SqlParserPos pos, String subject) {
    if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
      throw SluiceErrors.functionClassInvalid(
          pos, name, type.getName(), "the class is abstract: the server cannot make an instance");
    }
    try {
      var unused = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw SluiceErrors.functionClassInvalid(
          pos, name, type.getName(), subject + " has no public constructor without arguments");
    }
  }

  /** Parameters from {@code first} on have SQL types; no variable arguments. */
  static void requireSupportedParameters(
      String name, Class<?> type, Method method, int first, SqlParserPos pos) {
    if (method.isVarArgs()) {
      throw SluiceErrors.functionClassInvalid(
          pos,
          name,
          type.getName(),
          method.getName() + " with variable arguments is not supported: " + method);
    }
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = first; i < parameters.length; i++) {
      if (!JavaTypes.supported(parameters[i])) {
        throw SluiceErrors.functionClassInvalid(
            pos,
            name,
            type.getName(),
            "parameter type "
                + parameters[i].getSimpleName()
                + " of "
                + method
                + " has no SQL type; use "
                + JavaTypes.names());
      }
    }
  }

  /** Public methods named {@code name} that the class declares for real (no bridges). */
  static List<Method> methods(Class<?> type, String name) {
    List<Method> found = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name) && !method.isBridge() && !method.isSynthetic()) {
        found.add(method);
      }
    }
    found.sort(Comparator.comparingInt(Method::getParameterCount).thenComparing(Method::toString));
    return found;
  }
}
