package io.sluice.exec.codegen;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;

/**
 * Turns a long {@code IN} (or {@code NOT IN}) list of constants into a lookup in a hash set ({@link
 * InLists}). Calcite keeps such a list as one {@code SEARCH} over its points, but its code
 * generator expands it into a chain of comparisons: code, and time to generate and compile it, that
 * grow with the list (a 200 KB list took minutes and could not compile). Results are identical,
 * NULLs included: a NULL value gives what the search gives for NULL.
 */
final class InListRewriter {
  /** Lists up to this long stay comparisons, which are as fast as a lookup for a few values. */
  static final int MIN_POINTS = 16;

  private static final SqlUserDefinedFunction CONTAINS_LONG = function("containsLong");
  private static final SqlUserDefinedFunction CONTAINS_DOUBLE = function("containsDouble");
  private static final SqlUserDefinedFunction CONTAINS_DECIMAL = function("containsDecimal");
  private static final SqlUserDefinedFunction CONTAINS_STRING = function("containsString");

  private InListRewriter() {}

  private static SqlUserDefinedFunction function(String method) {
    return RexPrograms.function(
        "SLUICE_IN_LIST_" + method.toUpperCase(Locale.ROOT),
        InLists.class,
        method,
        ReturnTypes.BOOLEAN_NULLABLE);
  }

  /** {@code program} with its long IN lists as set lookups; {@code program} itself if none. */
  static RexProgram rewrite(RexProgram program, RexBuilder rexBuilder) {
    return RexPrograms.rewriteCalls(program, call -> replace(call, rexBuilder), rexBuilder);
  }

  /** The set lookup for a long IN list, or null. */
  private static RexNode replace(RexCall call, RexBuilder rexBuilder) {
    return switch (call.getKind()) {
      case SEARCH -> rewriteSearch(call, rexBuilder);
      case OR -> rewriteChain(call, false, rexBuilder);
      case AND -> rewriteChain(call, true, rexBuilder);
      default -> null;
    };
  }

  /**
   * {@code x = c1 OR x = c2 OR …} (as the SQL-to-relational conversion writes {@code x IN (c1, c2,
   * …)}), or {@code x <> c1 AND x <> c2 AND …} for NOT IN: the comparisons of one {@code x} with
   * constants become one lookup, the other terms stay. Null if there is nothing to rewrite.
   */
  private static RexNode rewriteChain(RexNode chain, boolean notIn, RexBuilder rexBuilder) {
    List<RexNode> terms = notIn ? RelOptUtil.conjunctions(chain) : RelOptUtil.disjunctions(chain);
    if (terms.size() < MIN_POINTS) {
      return null;
    }
    SqlKind comparison = notIn ? SqlKind.NOT_EQUALS : SqlKind.EQUALS;
    Map<RexNode, List<RexLiteral>> constants = new LinkedHashMap<>();
    for (RexNode term : terms) {
      if (term.getKind() == comparison) {
        List<RexNode> operands = ((RexCall) term).getOperands();
        RexNode left = operands.get(0);
        RexNode right = operands.get(1);
        if (right instanceof RexLiteral literal && !literal.isNull() && isValue(left)) {
          constants.computeIfAbsent(left, k -> new ArrayList<>()).add(literal);
        } else if (left instanceof RexLiteral literal && !literal.isNull() && isValue(right)) {
          constants.computeIfAbsent(right, k -> new ArrayList<>()).add(literal);
        }
      }
    }
    Map<RexNode, RexNode> lookups = new LinkedHashMap<>();
    for (Map.Entry<RexNode, List<RexLiteral>> entry : constants.entrySet()) {
      if (entry.getValue().size() >= MIN_POINTS) {
        List<Comparable<?>> values = new ArrayList<>();
        for (RexLiteral literal : entry.getValue()) {
          values.add(literal.getValue());
        }
        RexNode lookup = lookup(entry.getKey(), values, rexBuilder);
        if (lookup != null) {
          lookups.put(
              entry.getKey(),
              notIn ? rexBuilder.makeCall(SqlStdOperatorTable.NOT, lookup) : lookup);
        }
      }
    }
    if (lookups.isEmpty()) {
      return null;
    }
    List<RexNode> kept = new ArrayList<>();
    for (RexNode term : terms) {
      if (term.getKind() == comparison) {
        List<RexNode> operands = ((RexCall) term).getOperands();
        if (lookups.containsKey(operands.get(0)) && operands.get(1) instanceof RexLiteral
            || lookups.containsKey(operands.get(1)) && operands.get(0) instanceof RexLiteral) {
          continue;
        }
      }
      kept.add(term);
    }
    kept.addAll(lookups.values());
    // the chain's own type (its nullability) is kept: the lookups are NULL exactly where the
    // comparisons they replace were
    RexNode rewritten =
        notIn
            ? RexUtil.composeConjunction(rexBuilder, kept)
            : RexUtil.composeDisjunction(rexBuilder, kept);
    return rewritten.getType().equals(chain.getType())
        ? rewritten
        : rexBuilder.makeCast(chain.getType(), rewritten, true, false);
  }

  /** A column or an expression over columns: what an IN list compares. */
  private static boolean isValue(RexNode node) {
    return !(node instanceof RexLiteral) && RexUtil.containsInputRef(node);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static RexNode rewriteSearch(RexCall search, RexBuilder rexBuilder) {
    RexNode value = search.getOperands().get(0);
    if (!(search.getOperands().get(1) instanceof RexLiteral literal)) {
      return null;
    }
    Sarg sarg = literal.getValueAs(Sarg.class);
    if (sarg == null) {
      return null;
    }
    boolean complemented;
    RangeSet<Comparable> points;
    if (sarg.isPoints()) {
      complemented = false;
      points = sarg.rangeSet;
    } else if (sarg.isComplementedPoints()) {
      complemented = true;
      points = sarg.rangeSet.complement();
    } else {
      return null;
    }
    if (points.asRanges().size() < MIN_POINTS) {
      return null;
    }
    List<Comparable<?>> constants = new ArrayList<>();
    for (Range<Comparable> point : points.asRanges()) {
      constants.add(point.lowerEndpoint());
    }
    RexNode lookup = lookup(value, constants, rexBuilder);
    if (lookup == null) {
      return null;
    }
    if (complemented) {
      lookup = rexBuilder.makeCall(SqlStdOperatorTable.NOT, lookup);
    }
    if (!value.getType().isNullable() || sarg.nullAs == RexUnknownAs.UNKNOWN) {
      return lookup;
    }
    // NULL is not unknown here: the search gives FALSE or TRUE for it
    RexNode isNull = rexBuilder.makeCall(SqlStdOperatorTable.IS_NULL, value);
    return sarg.nullAs == RexUnknownAs.TRUE
        ? rexBuilder.makeCall(SqlStdOperatorTable.OR, isNull, lookup)
        : rexBuilder.makeCall(
            SqlStdOperatorTable.AND,
            rexBuilder.makeCall(SqlStdOperatorTable.IS_NOT_NULL, value),
            lookup);
  }

  /**
   * A lookup of {@code value} in the set of {@code constants} (as Calcite holds literal values:
   * BigDecimal for numbers, NlsString for strings), NULL for a NULL value; null if the value's type
   * or a constant does not fit a set lookup exactly.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static RexNode lookup(
      RexNode value, List<Comparable<?>> constants, RexBuilder rexBuilder) {
    SqlTypeName type = value.getType().getSqlTypeName();
    SqlUserDefinedFunction contains;
    Function<Comparable, Object> convert;
    String kind;
    switch (type) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> {
        contains = CONTAINS_LONG;
        convert = c -> ((BigDecimal) c).longValueExact();
        kind = "long";
      }
      case DOUBLE -> {
        contains = CONTAINS_DOUBLE;
        convert = c -> ((BigDecimal) c).doubleValue() + 0.0;
        kind = "double";
      }
      case DECIMAL -> {
        contains = CONTAINS_DECIMAL;
        convert = c -> InLists.normalize((BigDecimal) c);
        kind = "decimal";
      }
      case VARCHAR -> {
        contains = CONTAINS_STRING;
        convert = c -> ((NlsString) c).getValue();
        kind = "string";
      }
      default -> {
        return null;
      }
    }
    Set<Object> values = new HashSet<>();
    try {
      for (Comparable constant : constants) {
        values.add(convert.apply(constant));
      }
    } catch (ClassCastException | ArithmeticException | NullPointerException e) {
      return null; // a constant this lookup cannot hold exactly: keep the comparisons
    }
    RelDataType booleanType =
        rexBuilder
            .getTypeFactory()
            .createTypeWithNullability(
                rexBuilder.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN),
                value.getType().isNullable());
    return rexBuilder.makeCall(
        booleanType,
        contains,
        List.of(value, rexBuilder.makeLiteral(InLists.register(kind, values))));
  }
}
