package io.sluice.sql.function;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.SqlKind;

/**
 * A function implemented by public Java methods, one per number of arguments: the generated
 * expression code calls the method matching the call's arity, on a new instance of its class unless
 * it is static.
 */
public final class JavaMethodFunction implements ScalarFunction, ImplementableFunction {
  private final List<Method> methods;
  private final NullPolicy nullPolicy;

  public JavaMethodFunction(List<Method> methods, NullPolicy nullPolicy) {
    this.methods = ImmutableList.copyOf(requireNonNull(methods, "methods is null"));
    this.nullPolicy = requireNonNull(nullPolicy, "nullPolicy is null");
  }

  public static JavaMethodFunction of(Class<?> owner, String name) {
    List<Method> found = new ArrayList<>();
    for (Method method : owner.getMethods()) {
      if (method.getName().equals(name)) {
        found.add(method);
      }
    }
    found.sort((a, b) -> Integer.compare(a.getParameterCount(), b.getParameterCount()));
    if (found.isEmpty()) {
      throw new IllegalArgumentException("No method " + name + " in " + owner.getName());
    }
    return new JavaMethodFunction(found, NullPolicy.NONE);
  }

  @Override
  public CallImplementor getImplementor() {
    // Under NullPolicy.NONE, NULL arguments reach the method, which handles them itself.
    return RexImpTable.createImplementor(
        (translator, call, operands) -> {
          // Calcite fills omitted optional arguments with DEFAULT; they select the shorter method.
          int arity = 0;
          while (arity < call.getOperands().size()
              && call.getOperands().get(arity).getKind() != SqlKind.DEFAULT) {
            arity++;
          }
          Method method = method(arity);
          Class<?>[] parameters = method.getParameterTypes();
          int fixed = method.isVarArgs() ? parameters.length - 1 : arity;
          List<Expression> arguments = new ArrayList<>();
          for (int i = 0; i < fixed; i++) {
            arguments.add(EnumUtils.convert(operands.get(i), parameters[i]));
          }
          if (method.isVarArgs()) {
            // the trailing arguments as the array a variable-arity method takes
            Class<?> element = parameters[fixed].getComponentType();
            List<Expression> rest = new ArrayList<>();
            for (int i = fixed; i < arity; i++) {
              rest.add(EnumUtils.convert(operands.get(i), element));
            }
            arguments.add(Expressions.newArrayInit(element, rest));
          }
          return Modifier.isStatic(method.getModifiers())
              ? Expressions.call(method, arguments)
              // An instance per call, so functions share no state across threads; escape analysis
              // usually removes the allocation.
              : Expressions.call(Expressions.new_(method.getDeclaringClass()), method, arguments);
        },
        nullPolicy,
        false);
  }

  private Method method(int arity) {
    for (Method method : methods) {
      if (method.getParameterCount() == arity && !method.isVarArgs()) {
        return method;
      }
    }
    for (Method method : methods) {
      if (method.isVarArgs() && arity >= method.getParameterCount() - 1) {
        return method;
      }
    }
    throw new IllegalStateException("No " + arity + "-argument " + methods.get(0));
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return typeFactory.createJavaType(methods.get(0).getReturnType());
  }

  /**
   * The methods and the loader of their class, so generated code compiled for one class is never
   * reused for another: not for another class of the same name from another jar either.
   */
  @Override
  public String toString() {
    ClassLoader loader = methods.get(0).getDeclaringClass().getClassLoader();
    return loader == JavaMethodFunction.class.getClassLoader()
        ? methods.toString()
        : methods + "@" + loader.getName() + "#" + System.identityHashCode(loader);
  }

  /** The loader of the methods' class, which generated code calling them must see. */
  public ClassLoader classLoader() {
    return methods.get(0).getDeclaringClass().getClassLoader();
  }

  @Override
  public List<FunctionParameter> getParameters() {
    // The operator checks its operands itself; no named or defaulted parameters.
    return List.of();
  }
}
