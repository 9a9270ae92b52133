package io.sluice.catalog;

import io.sluice.error.SluiceErrors;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.SqlCreateModel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Turns CREATE MODEL statements into catalog entries, checking what can be checked without the
 * model file: the columns' types and the WITH options. The file itself is checked by the runtime
 * that loads it.
 */
public final class ModelDefinitions {
  /** WITH option naming who runs the model; only {@value #ONNX} so far. */
  public static final String PROVIDER_OPTION = "provider";

  /** WITH option naming the model file. */
  public static final String PATH_OPTION = "path";

  /** The provider that runs ONNX files with ONNX Runtime. */
  public static final String ONNX = "onnx";

  /** Every WITH option a model takes. */
  public static final Set<String> OPTIONS = Set.of(PROVIDER_OPTION, PATH_OPTION);

  /** Types an INPUT column may have: numbers a tensor can hold. */
  public static final Set<ColumnType> INPUT_TYPES =
      EnumSet.of(
          ColumnType.BOOLEAN,
          ColumnType.TINYINT,
          ColumnType.SMALLINT,
          ColumnType.INTEGER,
          ColumnType.BIGINT,
          ColumnType.REAL,
          ColumnType.DOUBLE,
          ColumnType.DECIMAL);

  /** Types an OUTPUT column may have: numbers, and strings for labels. */
  public static final Set<ColumnType> OUTPUT_TYPES =
      EnumSet.of(
          ColumnType.BOOLEAN,
          ColumnType.TINYINT,
          ColumnType.SMALLINT,
          ColumnType.INTEGER,
          ColumnType.BIGINT,
          ColumnType.REAL,
          ColumnType.DOUBLE,
          ColumnType.VARCHAR);

  private ModelDefinitions() {}

  public static ModelDefinition fromDdl(SqlCreateModel create, String ddl) {
    String name = create.name().toString();
    Set<String> seen = new HashSet<>();
    List<Column> inputs = columns(create.inputs(), "INPUT", INPUT_TYPES, name, seen);
    List<Column> outputs = columns(create.outputs(), "OUTPUT", OUTPUT_TYPES, name, seen);
    Map<String, String> options = create.options();
    checkOptions(options, name, create::optionPosition, create.getParserPosition());
    return new ModelDefinition(name, inputs, outputs, options, create.comment(), ddl);
  }

  /**
   * Checks WITH options: only known keys, a provider Sluice has and a path. {@code position} finds
   * an option's value in the statement.
   */
  public static void checkOptions(
      Map<String, String> options,
      String model,
      Function<String, SqlParserPos> position,
      SqlParserPos statement) {
    for (String key : options.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw invalidOption(
            position.apply(key),
            model,
            "unknown option '" + key + "'; a model takes 'provider' and 'path'");
      }
    }
    String provider = options.get(PROVIDER_OPTION);
    if (provider == null) {
      throw invalidOption(
          statement, model, "missing 'provider' (WITH ('provider' = 'onnx', 'path' = …))");
    }
    if (!provider.equalsIgnoreCase(ONNX)) {
      throw invalidOption(
          position.apply(PROVIDER_OPTION),
          model,
          "provider '" + provider + "' is not one Sluice has; use 'onnx'");
    }
    String path = options.get(PATH_OPTION);
    if (path == null || path.isBlank()) {
      throw invalidOption(
          path == null ? statement : position.apply(PATH_OPTION),
          model,
          "missing 'path', the model's .onnx file");
    }
  }

  /**
   * A CREATE MODEL statement declaring {@code model} as it is now (after ALTER MODEL changed its
   * options), names quoted.
   */
  public static String ddl(ModelDefinition model) {
    StringBuilder ddl = new StringBuilder("CREATE MODEL ").append(quote(model.name()));
    ddl.append(" INPUT (").append(columnList(model.inputs())).append(')');
    ddl.append(" OUTPUT (").append(columnList(model.outputs())).append(')');
    if (model.comment() != null) {
      ddl.append(" COMMENT ").append(literal(model.comment()));
    }
    ddl.append(" WITH (");
    List<String> keys = new ArrayList<>(model.options().keySet());
    keys.sort(java.util.Comparator.comparing((String key) -> !key.equals(PROVIDER_OPTION)));
    for (int i = 0; i < keys.size(); i++) {
      ddl.append(i == 0 ? "" : ", ")
          .append(literal(keys.get(i)))
          .append(" = ")
          .append(literal(model.options().get(keys.get(i))));
    }
    return ddl.append(')').toString();
  }

  private static String columnList(List<Column> columns) {
    List<String> declared = new ArrayList<>();
    for (Column column : columns) {
      declared.add(
          quote(column.name())
              + " "
              + SqlTypes.typeText(column)
              + (column.nullable() ? "" : " NOT NULL"));
    }
    return String.join(", ", declared);
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static SluiceException invalidOption(SqlParserPos pos, String model, String problem) {
    return new SluiceException(
        ErrorCode.INVALID_OPTION,
        SluiceErrors.at(pos) + "Invalid WITH options of model '" + model + "': " + problem);
  }

  private static List<Column> columns(
      List<SqlColumnDeclaration> declarations,
      String clause,
      Set<ColumnType> allowed,
      String model,
      Set<String> seen) {
    List<Column> columns = new ArrayList<>();
    for (SqlColumnDeclaration declaration : declarations) {
      String columnName = declaration.name.getSimple();
      if (!seen.add(columnName.toLowerCase(Locale.ROOT))) {
        throw SluiceErrors.invalidDdl(
            declaration.name.getParserPosition(),
            "Duplicate column '" + columnName + "' in model '" + model + "'");
      }
      Column column = RelationDefinitions.column(columnName, declaration.dataType);
      if (!allowed.contains(column.type())) {
        throw SluiceErrors.invalidDdl(
            declaration.dataType.getParserPosition(),
            clause
                + " column '"
                + columnName
                + "' of model '"
                + model
                + "' has type "
                + column.type()
                + "; "
                + clause
                + " columns may be "
                + allowed.stream().map(ColumnType::name).sorted().toList());
      }
      columns.add(column);
    }
    return columns;
  }
}
