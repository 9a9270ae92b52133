package io.sluice.plan.rules.physical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamCorrelate;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.sql.function.SqlUserTableFunction;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * A correlate over a user-defined table function ({@code CROSS JOIN LATERAL TABLE(f(x))}, {@code
 * LEFT JOIN LATERAL TABLE(f(x)) ON TRUE}) → {@link StreamCorrelate}, the function's arguments
 * rewritten to read the input row. Every other correlation — a sub-query reading columns of the
 * query around it, a LATERAL sub-query — is refused, naming what is supported.
 */
public final class StreamCorrelateRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalCorrelate.class, Convention.NONE, SluiceRel.CONVENTION, "StreamCorrelateRule")
          .withRuleFactory(StreamCorrelateRule::new);

  private StreamCorrelateRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalCorrelate correlate = (LogicalCorrelate) rel;
    RelNode right = unwrap(correlate.getRight());
    if (!(right instanceof TableFunctionScan scan)
        || !scan.getInputs().isEmpty()
        || !(scan.getCall() instanceof RexCall call)
        || !(call.getOperator() instanceof SqlUserTableFunction function)) {
      throw SluiceErrors.unsupportedConstruct(
          "A correlated sub-query (one that reads columns of the query around it) or a LATERAL"
              + " join other than LATERAL TABLE(f(…)) of a user-defined table function");
    }
    JoinRelType joinType = correlate.getJoinType();
    if (joinType != JoinRelType.INNER && joinType != JoinRelType.LEFT) {
      throw SluiceErrors.unsupportedConstruct(
          joinType.name() + " JOIN LATERAL TABLE(" + function.getName() + "(…))");
    }
    RexNode invocation =
        call.accept(new CorrelationToInput(correlate.getCorrelationId(), function.getName()));
    return new StreamCorrelate(
        correlate.getCluster(),
        correlate.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(correlate.getLeft(), SluiceRel.CONVENTION),
        (RexCall) invocation,
        joinType,
        correlate.getRowType());
  }

  /**
   * Refuses a user-defined table function called other than as the right side of a LATERAL join
   * ({@code SELECT * FROM TABLE(f('a b'))}): the runtime calls it once per row of a stream.
   */
  public static void requireCorrelated(RelNode node) {
    if (node instanceof TableFunctionScan scan
        && scan.getCall() instanceof RexCall call
        && call.getOperator() instanceof SqlUserTableFunction function) {
      throw new SluiceException(
          ErrorCode.NOT_SUPPORTED,
          "Table function "
              + function.getName()
              + " is called without a row to call it for: call it once per row of a stream, as"
              + " FROM s CROSS JOIN LATERAL TABLE("
              + function.getName()
              + "(s.x)) or FROM s LEFT JOIN LATERAL TABLE("
              + function.getName()
              + "(s.x)) ON TRUE");
    }
    for (int i = 0; i < node.getInputs().size(); i++) {
      RelNode input = node.getInputs().get(i);
      if (node instanceof Correlate && i == 1 && input instanceof TableFunctionScan) {
        input.getInputs().forEach(StreamCorrelateRule::requireCorrelated);
      } else {
        requireCorrelated(input);
      }
    }
  }

  /** The relational expression a Volcano subset (or Hep vertex) stands for. */
  private static RelNode unwrap(RelNode node) {
    if (node instanceof RelSubset subset) {
      for (RelNode candidate : subset.getRelList()) {
        if (candidate instanceof TableFunctionScan) {
          return candidate;
        }
      }
      return subset.getOriginal() == null ? subset : subset.getOriginal();
    }
    if (node instanceof HepRelVertex vertex) {
      return vertex.getCurrentRel();
    }
    return node;
  }

  /** Rewrites {@code $cor.field} into a reference to the input row's column. */
  private static final class CorrelationToInput extends RexShuttle {
    private final CorrelationId id;
    private final String function;

    CorrelationToInput(CorrelationId id, String function) {
      this.id = id;
      this.function = function;
    }

    @Override
    public RexNode visitFieldAccess(RexFieldAccess access) {
      if (access.getReferenceExpr() instanceof RexCorrelVariable variable
          && variable.id.equals(id)) {
        return new org.apache.calcite.rex.RexInputRef(
            access.getField().getIndex(), access.getType());
      }
      return super.visitFieldAccess(access);
    }

    @Override
    public RexNode visitCorrelVariable(RexCorrelVariable variable) {
      throw SluiceErrors.unsupportedConstruct(
          "An argument of table function " + function + " that reads an outer query's row");
    }
  }
}
