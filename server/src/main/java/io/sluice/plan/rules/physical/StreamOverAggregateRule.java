package io.sluice.plan.rules.physical;

import io.sluice.catalog.SqlTypes;
import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.LogicalRank;
import io.sluice.plan.logical.RelTrees;
import io.sluice.plan.logical.TimeAttributes;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamOverAggregate;
import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.OverSpec;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Aggregates OVER a window ({@code SUM(x) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING
 * AND CURRENT ROW)}) → {@link StreamOverAggregate}. Streams are ordered by their event-time column
 * ascending (updating results by any column); frames end at the current row. A ranking function
 * left here had no filter on its rank (a top-N or deduplication would have taken it), and is
 * refused saying so.
 */
public final class StreamOverAggregateRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalWindow.class, Convention.NONE, SluiceRel.CONVENTION, "StreamOverAggregateRule")
          .withRuleFactory(StreamOverAggregateRule::new);

  private StreamOverAggregateRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalWindow window = (LogicalWindow) rel;
    PlannerContext context = PlannerContext.of(window);
    if (window.groups.size() != 1) {
      throw SluiceErrors.unsupportedConstruct(
          "OVER windows with different PARTITION BY, ORDER BY or frames in one SELECT (use one"
              + " window for all aggregates, or join two queries)");
    }
    Window.Group group = window.groups.get(0);
    RelNode input = window.getInput();
    List<String> names = window.getRowType().getFieldNames();
    for (Window.RexWinAggCall call : group.aggCalls) {
      requireNoUnboundRanking(call, group, context.push());
    }
    int inputFields = input.getRowType().getFieldCount();
    List<RelFieldCollation> order = group.orderKeys.getFieldCollations();
    if (order.size() != 1) {
      throw SluiceErrors.unsupportedConstruct(
          "OVER (… ORDER BY …) with other than one column (order by the time column)");
    }
    if (order.get(0).getDirection().isDescending()) {
      throw SluiceErrors.unsupportedConstruct("OVER (… ORDER BY … DESC)");
    }
    int orderColumn = order.get(0).getFieldIndex();
    // A push query over inserts must be ordered by a time attribute; over an updating input (a
    // top-N, an aggregate) any column will do. Which it is shows on the chosen plan: PlanChecks.
    TimeAttributes.Kind time = TimeAttributes.of(input, orderColumn);
    if (!context.push() && RelTrees.contains(input, node -> node instanceof LogicalRank)) {
      // a snapshot's top-N or deduplication hands its rows on at end of input, past any
      // watermark: ordered by time or not, the OVER must take them all, as the push query does
      time = TimeAttributes.Kind.NONE;
    }
    if (!group.upperBound.isCurrentRow()) {
      throw SluiceErrors.unsupportedConstruct(
          "An OVER frame that does not end at CURRENT ROW (rows after the current one)");
    }
    long preceding = preceding(window, group.lowerBound, group.isRows, inputFields);
    if (!group.isRows
        && preceding >= 0
        && input.getRowType().getFieldList().get(orderColumn).getType().getSqlTypeName()
            != SqlTypeName.TIMESTAMP) {
      throw invalid("A RANGE frame with INTERVAL … PRECEDING needs ORDER BY a TIMESTAMP column");
    }
    List<AggregateCallSpec> calls = new ArrayList<>();
    for (int i = 0; i < group.aggCalls.size(); i++) {
      calls.add(call(group.aggCalls.get(i), input.getRowType(), names.get(inputFields + i)));
    }
    OverSpec spec =
        new OverSpec(
            group.keys.asList(),
            orderColumn,
            group.isRows,
            preceding,
            calls,
            time == TimeAttributes.Kind.EVENT_TIME,
            time == TimeAttributes.Kind.PROC_TIME);
    return new StreamOverAggregate(
        window.getCluster(),
        window.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(input, SluiceRel.CONVENTION),
        spec,
        context.push() ? OutputMode.UPDATE : OutputMode.FINAL,
        window.getRowType());
  }

  /** Rows or milliseconds the frame reaches back, or -1 for UNBOUNDED PRECEDING. */
  private static long preceding(
      LogicalWindow window, RexWindowBound bound, boolean rows, int inputFields) {
    if (bound.isUnbounded() && bound.isPreceding()) {
      return -1;
    }
    if (bound.isCurrentRow()) {
      return 0;
    }
    if (!bound.isPreceding()) {
      throw SluiceErrors.unsupportedConstruct(
          "An OVER frame that starts after the current row (… FOLLOWING AND …)");
    }
    RexNode offset = bound.getOffset();
    if (offset instanceof RexInputRef ref && ref.getIndex() >= inputFields) {
      offset = window.constants.get(ref.getIndex() - inputFields);
    }
    if (!(offset instanceof RexLiteral literal)) {
      throw invalid("An OVER frame's PRECEDING must be a constant");
    }
    BigDecimal value = literal.getValueAs(BigDecimal.class);
    if (value == null || value.signum() < 0) {
      throw invalid("An OVER frame's PRECEDING must not be negative");
    }
    if (rows && value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
      throw invalid("ROWS BETWEEN n PRECEDING needs a whole number of rows");
    }
    return value.longValue();
  }

  /**
   * A ranking function reaching here had no filter on its rank. A stream's rows cannot all be
   * numbered (refused, saying what to add); a snapshot's can, by ROW_NUMBER: the count of rows up
   * to the current one.
   */
  private static void requireNoUnboundRanking(
      Window.RexWinAggCall call, Window.Group group, boolean push) {
    SqlKind kind = call.getOperator().getKind();
    if (kind != SqlKind.ROW_NUMBER && kind != SqlKind.RANK && kind != SqlKind.DENSE_RANK) {
      return;
    }
    if (push) {
      throw invalid(
          call.getOperator().getName()
              + "() OVER needs a filter on its result in the enclosing query (with it named"
              + " rn: WHERE rn <= N keeps the top N rows of each partition, WHERE rn = 1"
              + " deduplicates); numbering every row of a stream is not supported");
    }
    if (kind != SqlKind.ROW_NUMBER || !group.isRows) {
      throw SluiceErrors.unsupportedConstruct(
          call.getOperator().getName() + "() OVER without a filter on the rank");
    }
  }

  private static AggregateCallSpec call(
      Window.RexWinAggCall call, RelDataType inputType, String name) {
    AggregateCallSpec.Function function =
        switch (call.getOperator().getKind()) {
          // ROW_NUMBER in a snapshot: the rows from the partition's first to the current one.
          case COUNT, ROW_NUMBER -> AggregateCallSpec.Function.COUNT;
          // SUM OVER is planned as CASE WHEN COUNT(x) > 0 THEN $SUM0(x) END: the sum of a frame
          // without values is never read.
          case SUM, SUM0 -> AggregateCallSpec.Function.SUM;
          case AVG -> AggregateCallSpec.Function.AVG;
          case MIN -> AggregateCallSpec.Function.MIN;
          case MAX -> AggregateCallSpec.Function.MAX;
          default ->
              throw SluiceErrors.unsupportedConstruct(
                  "Aggregate function " + call.getOperator().getName() + " OVER a window");
        };
    if (call.distinct) {
      throw SluiceErrors.unsupportedConstruct(call.getOperator().getName() + "(DISTINCT …) OVER");
    }
    if (call.getOperands().size() > 1) {
      throw SluiceErrors.unsupportedConstruct(
          call.getOperator().getName() + " OVER with more than one argument");
    }
    int argument = -1;
    if (!call.getOperands().isEmpty()) {
      if (!(call.getOperands().get(0) instanceof RexInputRef ref)) {
        throw SluiceErrors.unsupportedConstruct("An OVER aggregate of a constant");
      }
      argument = ref.getIndex();
    }
    RelDataType resultType = call.getType();
    int scale = resultType.getSqlTypeName().allowsScale() ? resultType.getScale() : -1;
    return new AggregateCallSpec(
        function,
        argument,
        -1,
        argument < 0 ? null : SqlTypes.columnType(inputType.getFieldList().get(argument).getType()),
        SqlTypes.columnType(resultType),
        scale,
        name);
  }

  private static SluiceException invalid(String message) {
    return new SluiceException(ErrorCode.VALIDATION_ERROR, message);
  }
}
