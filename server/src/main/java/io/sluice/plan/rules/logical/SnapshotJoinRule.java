package io.sluice.plan.rules.logical;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.error.SluiceErrors;
import io.sluice.plan.logical.RelTrees;
import io.sluice.plan.logical.TemporalJoin;
import io.sluice.plan.schema.RelationTable;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalSnapshot;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * {@code JOIN t FOR SYSTEM_TIME AS OF o.col AS c ON …}: Calcite makes it a correlate over a
 * snapshot of {@code t}, the ON condition a filter over the snapshot reading {@code o}'s columns
 * through the correlation. For a table ({@code CREATE TABLE}), the version as of a stream row is
 * the table as it is when the row is joined (processing time), which is what joining the stream
 * with the table does: the correlate becomes that join (a lookup join, by key for a jdbc table).
 * Over a stream with a PRIMARY KEY and a WATERMARK (a versioned table) it is an event-time temporal
 * join: the correlate becomes a {@link TemporalJoin}.
 */
public final class SnapshotJoinRule extends RelRule<SnapshotJoinRule.Config> {
  private SnapshotJoinRule(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalCorrelate correlate = call.rel(0);
    RelNode right = RelTrees.unwrap(correlate.getRight());
    RexNode condition = null;
    if (right instanceof LogicalFilter filter) {
      condition = filter.getCondition();
      right = RelTrees.unwrap(filter.getInput());
    }
    if (!(right instanceof LogicalSnapshot snapshot)) {
      return;
    }
    RelNode table = RelTrees.unwrap(snapshot.getInput());
    boolean versioned = !RelTrees.isBounded(table);
    int leftTime = -1;
    int rightTime = -1;
    if (versioned) {
      leftTime = periodColumn(snapshot.getPeriod(), correlate.getCorrelationId());
      rightTime = versionStart(table);
      if (correlate.getJoinType() != JoinRelType.INNER
          && correlate.getJoinType() != JoinRelType.LEFT) {
        throw SluiceErrors.unsupportedConstruct(
            correlate.getJoinType() + " JOIN FOR SYSTEM_TIME AS OF a stream; use INNER or LEFT");
      }
    }
    int leftWidth = correlate.getLeft().getRowType().getFieldCount();
    CorrelationId id = correlate.getCorrelationId();
    RexShuttle decorrelate =
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(ref.getIndex() + leftWidth, ref.getType());
          }

          @Override
          public RexNode visitFieldAccess(RexFieldAccess access) {
            if (access.getReferenceExpr() instanceof RexCorrelVariable variable
                && variable.id.equals(id)) {
              return new RexInputRef(access.getField().getIndex(), access.getType());
            }
            return super.visitFieldAccess(access);
          }
        };
    RexNode joinCondition =
        condition == null
            ? correlate.getCluster().getRexBuilder().makeLiteral(true)
            : condition.accept(decorrelate);
    if (RexUtil.containsCorrelation(joinCondition)) {
      return;
    }
    if (versioned) {
      call.transformTo(
          TemporalJoin.create(
              correlate.getLeft(),
              snapshot.getInput(),
              joinCondition,
              correlate.getJoinType(),
              leftTime,
              rightTime));
      return;
    }
    call.transformTo(
        LogicalJoin.create(
            correlate.getLeft(),
            snapshot.getInput(),
            List.of(),
            joinCondition,
            Set.of(),
            correlate.getJoinType()));
  }

  /** The left column {@code FOR SYSTEM_TIME AS OF} names; refused unless it is a plain column. */
  private static int periodColumn(RexNode period, CorrelationId id) {
    if (period instanceof RexFieldAccess access
        && access.getReferenceExpr() instanceof RexCorrelVariable variable
        && variable.id.equals(id)) {
      return access.getField().getIndex();
    }
    throw SluiceErrors.unsupportedConstruct(
        "FOR SYSTEM_TIME AS OF " + period + " (name a time column of the joining stream)");
  }

  /**
   * The column of a versioned stream where its rows' versions start: its event time. The stream
   * must have a PRIMARY KEY (what a version is of) and a WATERMARK (when versions are complete).
   */
  private static int versionStart(RelNode table) {
    RelationTable relation =
        table instanceof TableScan scan ? scan.getTable().unwrap(RelationTable.class) : null;
    if (relation == null) {
      throw SluiceErrors.unsupportedConstruct(
          "FOR SYSTEM_TIME AS OF a query over a stream; join the versioned stream itself");
    }
    RelationDefinition definition = relation.definition();
    if (definition.primaryKey().isEmpty() || definition.watermark() == null) {
      throw SluiceErrors.unsupportedConstruct(
          "FOR SYSTEM_TIME AS OF stream '"
              + definition.name()
              + "' without a PRIMARY KEY and a WATERMARK (a versioned stream needs both: what its"
              + " rows are versions of, and their event time)");
    }
    List<String> names = table.getRowType().getFieldNames();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(definition.watermark().column())) {
        return i;
      }
    }
    throw new IllegalStateException("watermark column of " + definition.name() + " not scanned");
  }

  /** The rule's settings: by default any {@link LogicalCorrelate}. */
  public record Config(
      RelBuilderFactory relBuilderFactory, String description, OperandTransform operandSupplier)
      implements RelRule.Config {
    public static final Config DEFAULT =
        new Config(
            RelFactories.LOGICAL_BUILDER,
            "SnapshotJoinRule",
            b0 -> b0.operand(LogicalCorrelate.class).anyInputs());

    public Config {
      requireNonNull(relBuilderFactory, "relBuilderFactory is null");
      requireNonNull(operandSupplier, "operandSupplier is null");
    }

    @Override
    public SnapshotJoinRule toRule() {
      return new SnapshotJoinRule(this);
    }

    @Override
    public Config withRelBuilderFactory(RelBuilderFactory factory) {
      return new Config(factory, description, operandSupplier);
    }

    @Override
    public Config withDescription(String description) {
      return new Config(relBuilderFactory, description, operandSupplier);
    }

    @Override
    public Config withOperandSupplier(OperandTransform transform) {
      return new Config(relBuilderFactory, description, transform);
    }
  }
}
