package io.sluice.plan.schema;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.ModelDefinition;
import io.sluice.catalog.SqlTypes;
import io.sluice.error.SluiceErrors;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import io.sluice.sql.SqlModelReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * {@code ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(a, b, …))}, Flink's spelling: every row of {@code
 * t} with the model's OUTPUT columns appended, the DESCRIPTOR's columns being the model's INPUT
 * columns in order. An output column named like an input column gets a number appended ({@code
 * score} → {@code score0}), as Calcite names duplicate columns. Outputs are nullable: a row whose
 * features are NULL or not finite gets NULL outputs.
 */
public final class MlPredictFunction extends SqlFunction implements SqlTableFunction {
  /** The function's name, as queries write it. */
  public static final String NAME = "ML_PREDICT";

  private final Catalog catalog;

  public MlPredictFunction(Catalog catalog) {
    super(
        NAME,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.CURSOR,
        null,
        new Operands(catalog),
        SqlFunctionCategory.SYSTEM);
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Whether {@code operator} is ML_PREDICT. */
  public static boolean is(SqlOperator operator) {
    return operator instanceof MlPredictFunction;
  }

  @Override
  public SqlReturnTypeInference getRowTypeInference() {
    return this::rowType;
  }

  @Override
  public boolean argumentMustBeScalar(int ordinal) {
    return ordinal != 0;
  }

  private RelDataType rowType(SqlOperatorBinding binding) {
    RelDataType input = binding.getOperandType(0);
    ModelDefinition model = model(catalog, ((SqlCallBinding) binding).operand(1));
    return rowType(binding.getTypeFactory(), input, model);
  }

  /** The input's columns, then the model's outputs (nullable, renamed where names clash). */
  public static RelDataType rowType(
      RelDataTypeFactory factory, RelDataType input, ModelDefinition model) {
    RelDataTypeFactory.Builder builder = factory.builder().kind(input.getStructKind());
    Set<String> names = new HashSet<>();
    for (RelDataTypeField field : input.getFieldList()) {
      builder.add(field);
      names.add(field.getName().toLowerCase(Locale.ROOT));
    }
    for (Column output : model.outputs()) {
      String name = output.name();
      for (int suffix = 0; names.contains(name.toLowerCase(Locale.ROOT)); suffix++) {
        name = output.name() + suffix;
      }
      names.add(name.toLowerCase(Locale.ROOT));
      builder.add(
          name, factory.createTypeWithNullability(SqlTypes.relDataType(factory, output), true));
    }
    return builder.build();
  }

  private static ModelDefinition model(Catalog catalog, SqlNode reference) {
    if (!SqlModelReference.is(reference)) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          SluiceErrors.at(reference.getParserPosition())
              + "The second argument of ML_PREDICT names a model: MODEL name, not "
              + reference);
    }
    SqlIdentifier name = SqlModelReference.name(reference);
    return catalog
        .findModel(name.names.get(name.names.size() - 1))
        .orElseThrow(
            () ->
                SluiceErrors.relationNotFound(name.getParserPosition(), "Model", name.toString()));
  }

  /** The operands: TABLE t, MODEL m and DESCRIPTOR(columns), checked against the model. */
  private static final class Operands implements SqlOperandMetadata {
    private final Catalog catalog;

    Operands(Catalog catalog) {
      this.catalog = requireNonNull(catalog, "catalog is null");
    }

    @Override
    public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
      return Collections.nCopies(3, typeFactory.createSqlType(SqlTypeName.ANY));
    }

    @Override
    public List<String> paramNames() {
      return List.of("DATA", "MODEL", "DESCRIPTOR");
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return SqlOperandCountRanges.of(3);
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
      return opName + "(TABLE t, MODEL m, DESCRIPTOR(column, …))";
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      SqlValidator validator = binding.getValidator();
      RelDataType input = validator.getValidatedNodeType(binding.operand(0));
      if (input.getSqlTypeName() != SqlTypeName.ROW) {
        throw invalid(binding.operand(0), "The first argument of ML_PREDICT is a table: TABLE t");
      }
      ModelDefinition model = model(catalog, binding.operand(1));
      SqlNode descriptor = binding.operand(2);
      if (descriptor.getKind() != SqlKind.DESCRIPTOR) {
        throw invalid(
            descriptor,
            "The third argument of ML_PREDICT names the feature columns: DESCRIPTOR("
                + names(model.inputs())
                + ")");
      }
      List<SqlNode> columns = ((SqlCall) descriptor).getOperandList();
      if (columns.size() != model.inputs().size()) {
        throw invalid(
            descriptor,
            "Model '"
                + model.name()
                + "' takes "
                + model.inputs().size()
                + " INPUT columns ("
                + names(model.inputs())
                + "), but the DESCRIPTOR names "
                + columns.size());
      }
      for (int i = 0; i < columns.size(); i++) {
        SqlIdentifier column = (SqlIdentifier) columns.get(i);
        RelDataTypeField field =
            validator
                .getCatalogReader()
                .nameMatcher()
                .field(input, column.names.get(column.names.size() - 1));
        if (field == null) {
          throw invalid(
              column,
              "Column '"
                  + column
                  + "' is not a column of ML_PREDICT's input; it has "
                  + String.join(", ", input.getFieldNames()));
        }
        SqlTypeFamily family = field.getType().getSqlTypeName().getFamily();
        if (family != SqlTypeFamily.NUMERIC && family != SqlTypeFamily.BOOLEAN) {
          throw invalid(
              column,
              "Column '"
                  + field.getName()
                  + "' is "
                  + field.getType().getFullTypeString()
                  + ", but model '"
                  + model.name()
                  + "' takes it as INPUT column '"
                  + model.inputs().get(i).name()
                  + "' "
                  + model.inputs().get(i).type()
                  + "; a feature is a number or a BOOLEAN (CAST it in a view or sub-query)");
        }
      }
      return true;
    }
  }

  private static String names(List<Column> columns) {
    List<String> names = new ArrayList<>();
    columns.forEach(column -> names.add(column.name()));
    return String.join(", ", names);
  }

  private static SluiceException invalid(SqlNode at, String problem) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR, SluiceErrors.at(at.getParserPosition()) + problem);
  }
}
