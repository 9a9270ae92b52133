package io.sluice.exec.codegen;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Rewrites a calc's program as if its inputs were declared NOT NULL, re-deriving each expression's
 * type so NULL-free inputs flow through the generated code as primitives.
 */
final class NonNullInputs {
  private NonNullInputs() {}

  /** Input columns the program reads. */
  static int[] inputsRead(RexProgram program) {
    ImmutableBitSet.Builder used = ImmutableBitSet.builder();
    for (RexNode expression : expanded(program)) {
      expression.accept(
          new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
              used.set(ref.getIndex());
              return ref;
            }
          });
    }
    return used.build().toArray();
  }

  /** The rewritten program, or null when it would not differ (no nullable input). */
  static RexProgram rewrite(RexProgram program, JavaTypeFactory typeFactory) {
    RelDataType input = program.getInputRowType();
    if (input.getFieldList().stream().noneMatch(field -> field.getType().isNullable())) {
      return null;
    }
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (RelDataTypeField field : input.getFieldList()) {
      builder.add(field.getName(), typeFactory.createTypeWithNullability(field.getType(), false));
    }
    RelDataType nonNullInput = builder.build();
    RexBuilder rexBuilder = new RexBuilder(typeFactory);
    RexShuttle shuttle =
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(
                ref.getIndex(), nonNullInput.getFieldList().get(ref.getIndex()).getType());
          }

          @Override
          public RexNode visitCall(RexCall call) {
            List<RexNode> operands = visitList(call.getOperands(), new boolean[1]);
            RelDataType type = call.getType();
            if (call.getKind() == SqlKind.CAST) {
              boolean nullable = type.isNullable() && operands.get(0).getType().isNullable();
              return rexBuilder.makeCast(
                  typeFactory.createTypeWithNullability(type, nullable),
                  operands.get(0),
                  true,
                  false);
            }
            try {
              RexNode rederived =
                  rexBuilder.makeCall(call.getParserPosition(), call.getOperator(), operands);
              if (SqlTypeUtil.equalSansNullability(typeFactory, rederived.getType(), type)) {
                return rederived;
              }
            } catch (RuntimeException e) {
              // Some operators cannot re-infer their type from operands alone; keep the original.
            }
            return call.clone(type, operands);
          }
        };
    List<RexNode> projects = new ArrayList<>();
    for (RexLocalRef ref : program.getProjectList()) {
      projects.add(program.expandLocalRef(ref).accept(shuttle));
    }
    RexNode condition =
        program.getCondition() == null
            ? null
            : program.expandLocalRef(program.getCondition()).accept(shuttle);
    return RexProgram.create(
        nonNullInput, projects, condition, program.getOutputRowType().getFieldNames(), rexBuilder);
  }

  private static List<RexNode> expanded(RexProgram program) {
    List<RexNode> expressions = new ArrayList<>();
    for (RexLocalRef ref : program.getProjectList()) {
      expressions.add(program.expandLocalRef(ref));
    }
    if (program.getCondition() != null) {
      expressions.add(program.expandLocalRef(program.getCondition()));
    }
    return expressions;
  }
}
