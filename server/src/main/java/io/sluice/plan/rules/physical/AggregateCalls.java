package io.sluice.plan.rules.physical;

import io.sluice.catalog.SqlTypes;
import io.sluice.error.SluiceErrors;
import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.function.SqlUserAggregateFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;

/** Reads an aggregate's calls as the runtime runs them, refusing functions it does not have. */
final class AggregateCalls {
  private AggregateCalls() {}

  static void requireSimpleGroup(Aggregate aggregate) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      throw SluiceErrors.unsupportedConstruct("GROUPING SETS, ROLLUP and CUBE");
    }
  }

  static List<AggregateCallSpec> specs(Aggregate aggregate) {
    List<AggregateCallSpec> calls = new ArrayList<>();
    List<String> names = aggregate.getRowType().getFieldNames();
    int keys = aggregate.getGroupCount();
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      calls.add(
          spec(
              aggregate.getAggCallList().get(i),
              aggregate.getInput().getRowType(),
              names.get(keys + i)));
    }
    return calls;
  }

  private static AggregateCallSpec spec(AggregateCall call, RelDataType inputType, String name) {
    if (call.getAggregation() instanceof SqlUserAggregateFunction function) {
      return userSpec(call, function, inputType, name);
    }
    SqlKind kind = call.getAggregation().getKind();
    AggregateCallSpec.Function function =
        switch (kind) {
          case COUNT ->
              call.isDistinct()
                  ? AggregateCallSpec.Function.COUNT_DISTINCT
                  : AggregateCallSpec.Function.COUNT;
          case SUM -> AggregateCallSpec.Function.SUM;
          case AVG -> AggregateCallSpec.Function.AVG;
          case MIN -> AggregateCallSpec.Function.MIN;
          case MAX -> AggregateCallSpec.Function.MAX;
          default ->
              throw SluiceErrors.unsupportedConstruct(
                  "Aggregate function " + call.getAggregation().getName());
        };
    if (call.isDistinct() && function != AggregateCallSpec.Function.COUNT_DISTINCT) {
      throw SluiceErrors.unsupportedConstruct(call.getAggregation().getName() + "(DISTINCT …)");
    }
    if (call.getArgList().size() > 1) {
      throw SluiceErrors.unsupportedConstruct(
          call.getAggregation().getName() + " with more than one argument");
    }
    int argument = call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
    ColumnType argumentType =
        argument < 0 ? null : SqlTypes.columnType(inputType.getFieldList().get(argument).getType());
    RelDataType resultType = call.getType();
    int scale = resultType.getSqlTypeName().allowsScale() ? resultType.getScale() : -1;
    return new AggregateCallSpec(
        function,
        argument,
        call.filterArg,
        argumentType,
        SqlTypes.columnType(resultType),
        scale,
        name);
  }

  /** A user-defined aggregate function's call: any number of arguments, no DISTINCT. */
  private static AggregateCallSpec userSpec(
      AggregateCall call, SqlUserAggregateFunction function, RelDataType inputType, String name) {
    if (call.isDistinct()) {
      throw SluiceErrors.unsupportedConstruct(
          "DISTINCT in a call of the user-defined aggregate function "
              + function.function().name());
    }
    List<Integer> arguments = call.getArgList();
    List<ColumnType> argumentTypes = new ArrayList<>();
    for (int argument : arguments) {
      argumentTypes.add(SqlTypes.columnType(inputType.getFieldList().get(argument).getType()));
    }
    RelDataType resultType = call.getType();
    int scale = resultType.getSqlTypeName().allowsScale() ? resultType.getScale() : -1;
    return new AggregateCallSpec(
        AggregateCallSpec.Function.USER,
        arguments.isEmpty() ? -1 : arguments.get(0),
        call.filterArg,
        argumentTypes.isEmpty() ? null : argumentTypes.get(0),
        SqlTypes.columnType(resultType),
        scale,
        name,
        arguments,
        argumentTypes,
        function,
        function.retract().isPresent());
  }
}
