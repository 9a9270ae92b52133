package io.sluice.sql.function;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.function.FunctionHint;
import io.sluice.function.Row;
import io.sluice.function.TableFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A user-defined table function in Flink's convention: a public class extending {@link
 * TableFunction TableFunction&lt;T&gt;} whose public {@code eval} methods {@code collect} rows.
 * What a row is comes from {@code @FunctionHint(output = @DataTypeHint("ROW<…>"))} on the {@code
 * eval} or the class (rows are {@link Row}s), or else from {@code T}: a single column named {@code
 * f0}.
 *
 * @param name the SQL name, for messages
 * @param type the class; one instance per query, from its public no-argument constructor
 * @param evals the {@code eval} methods, fewest arguments first
 */
public record UserTableFunction(String name, Class<?> type, List<Eval> evals) {
  /** The column a function collecting single values returns, as Flink names it. */
  public static final String SINGLE_COLUMN = "f0";

  /**
   * One {@code eval} method and the rows it collects.
   *
   * @param collectsRows whether it collects {@link Row}s (else single values of column {@code f0})
   */
  public record Eval(Method method, List<FunctionColumn> columns, boolean collectsRows) {
    public Eval {
      requireNonNull(method, "method is null");
      columns = List.copyOf(columns);
    }
  }

  public UserTableFunction {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    evals = List.copyOf(evals);
  }

  /** Checks {@code type} as a table function named {@code name}; errors point at {@code pos}. */
  public static UserTableFunction of(String name, Class<?> type, SqlParserPos pos) {
    String className = type.getName();
    UserFunctions.requirePublic(name, type, pos);
    UserFunctions.requireConstructor(name, type, pos, "the class");
    List<Eval> evals = new ArrayList<>();
    for (Method method : UserFunctions.methods(type, "eval")) {
      if (Modifier.isStatic(method.getModifiers())) {
        throw SluiceErrors.functionClassInvalid(
            pos,
            name,
            className,
            "eval must not be static: it collects rows into its instance: " + method);
      }
      UserFunctions.requireSupportedParameters(name, type, method, 0, pos);
      evals.add(eval(name, type, method, pos));
    }
    if (evals.isEmpty()) {
      throw SluiceErrors.functionClassInvalid(pos, name, className, "it has no public method eval");
    }
    return new UserTableFunction(name, type, evals);
  }

  private static Eval eval(String name, Class<?> type, Method method, SqlParserPos pos) {
    FunctionHint hint = method.getAnnotation(FunctionHint.class);
    if (hint == null) {
      hint = type.getAnnotation(FunctionHint.class);
    }
    if (hint != null) {
      List<FunctionColumn> columns;
      try {
        columns = TypeHints.columns(hint.output().value(), SINGLE_COLUMN);
      } catch (IllegalArgumentException e) {
        throw SluiceErrors.functionClassInvalid(
            pos, name, type.getName(), "its @FunctionHint output " + e.getMessage());
      }
      return new Eval(method, columns, TypeHints.isRow(hint.output().value()));
    }
    Type collected = collectedType(type);
    if (collected == Row.class) {
      throw SluiceErrors.functionClassInvalid(
          pos,
          name,
          type.getName(),
          "it collects Rows but does not say of which columns: annotate the class or eval with"
              + " @FunctionHint(output = @DataTypeHint(\"ROW<name TYPE, …>\"))");
    }
    if (!(collected instanceof Class<?> single) || !JavaTypes.supported(single)) {
      throw SluiceErrors.functionClassInvalid(
          pos,
          name,
          type.getName(),
          "it collects "
              + collected.getTypeName()
              + ", which has no SQL type; collect Row (with a @FunctionHint) or one of "
              + JavaTypes.names());
    }
    return new Eval(
        method,
        List.of(new FunctionColumn(SINGLE_COLUMN, JavaTypes.sqlType(single), -1, -1)),
        false);
  }

  /** The {@code T} of {@code TableFunction<T>} that {@code type} extends, resolved. */
  private static Type collectedType(Class<?> type) {
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    Type current = type;
    while (current != null) {
      Class<?> raw =
          current instanceof ParameterizedType parameterized
              ? (Class<?>) parameterized.getRawType()
              : (Class<?>) current;
      if (current instanceof ParameterizedType parameterized) {
        TypeVariable<?>[] variables = raw.getTypeParameters();
        Type[] arguments = parameterized.getActualTypeArguments();
        for (int i = 0; i < variables.length; i++) {
          Type argument = arguments[i];
          bindings.put(variables[i], bindings.getOrDefault(argument, argument));
        }
      }
      if (raw == TableFunction.class) {
        Type collected = bindings.get(TableFunction.class.getTypeParameters()[0]);
        return collected == null ? Object.class : collected;
      }
      current = raw.getGenericSuperclass();
    }
    return Object.class;
  }

  @Override
  public String toString() {
    return name + "[" + type.getName() + "]";
  }
}
