package io.sluice.exec.codegen;

import java.lang.reflect.Type;
import java.util.Set;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.ExpressionType;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Shuttle;
import org.apache.calcite.linq4j.tree.UnaryExpression;

/**
 * Replaces Calcite's checked conversions from one integer type to another in generated code with
 * {@link IntegerNarrowing}'s, which give the same results and errors without boxing. Conversions
 * from or to other types are left as Calcite writes them.
 */
final class IntegerNarrowingRewriter extends Shuttle {
  private static final Set<Type> INTEGERS = Set.of(long.class, int.class, short.class, byte.class);

  @Override
  public Expression visit(UnaryExpression unary, Expression operand) {
    Expression visited = super.visit(unary, operand);
    if (unary.getNodeType() != ExpressionType.ConvertChecked
        || !INTEGERS.contains(operand.getType())
        || !INTEGERS.contains(unary.getType())) {
      return visited;
    }
    Type target = unary.getType();
    String method =
        target == long.class
            ? "toLong"
            : target == int.class ? "toInt" : target == short.class ? "toShort" : "toByte";
    return Expressions.call(
        IntegerNarrowing.class, method, Expressions.convert_(operand, long.class));
  }
}
