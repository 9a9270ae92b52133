package io.sluice.catalog;

import io.sluice.error.SluiceErrors;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.SqlComputedColumn;
import io.sluice.sql.SqlCreateRelation;
import io.sluice.sql.SqlCreateStream;
import io.sluice.sql.SqlWatermark;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.type.SqlTypeName;

/** Turns CREATE STREAM / CREATE TABLE statements, once checked, and views into catalog entries. */
public final class RelationDefinitions {
  /**
   * Stream option: how long a source may stay silent before it stops holding the watermark back.
   */
  /** Option of a plain view holding its query text. */
  public static final String VIEW_QUERY_OPTION = "query";

  /** Schema of the server's own tables ({@code sys.queries}, …). */
  public static final String SYSTEM_SCHEMA = "sys";

  /** Value of the connector option of a system table. */
  public static final String SYSTEM_CONNECTOR = "system";

  /** A table of schema {@code sys}, whose rows the server computes when a query reads it. */
  public static RelationDefinition systemTable(String name, List<Column> columns) {
    return new RelationDefinition(
        name,
        RelationKind.TABLE,
        columns,
        List.of(),
        null,
        Map.of("connector", SYSTEM_CONNECTOR, "table", name),
        "-- system table " + SYSTEM_SCHEMA + "." + name);
  }

  public static boolean isSystem(RelationDefinition relation) {
    return SYSTEM_CONNECTOR.equals(relation.connector());
  }

  /** The query of a view or materialized view, as written; null for streams and tables. */
  public static String queryOf(RelationDefinition relation) {
    return relation.kind() == RelationKind.VIEW || relation.kind() == RelationKind.MATERIALIZED_VIEW
        ? relation.options().get(VIEW_QUERY_OPTION)
        : null;
  }

  public static final String IDLE_TIMEOUT_OPTION = "watermark.idle-timeout";

  private RelationDefinitions() {}

  public static RelationDefinition fromDdl(SqlCreateRelation create, String ddl) {
    String name = create.name().toString();
    RelationKind kind =
        create instanceof SqlCreateStream ? RelationKind.STREAM : RelationKind.TABLE;
    List<Column> columns = new ArrayList<>();
    List<ComputedColumn> computed = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SqlNode element : create.columnElements()) {
      SqlIdentifier columnId =
          element instanceof SqlComputedColumn computedColumn
              ? computedColumn.name()
              : ((SqlColumnDeclaration) element).name;
      String columnName = columnId.getSimple();
      if (!seen.add(columnName.toLowerCase(Locale.ROOT))) {
        throw SluiceErrors.invalidDdl(
            columnId.getParserPosition(),
            "Duplicate column '" + columnName + "' in '" + name + "'");
      }
      if (element instanceof SqlComputedColumn computedColumn) {
        computed.add(computedColumn(computedColumn, name));
        // PROCTIME() is a TIMESTAMP(3) that is never NULL
        columns.add(new Column(columnName, ColumnType.TIMESTAMP, 3, -1, false));
      } else {
        columns.add(column(columnName, ((SqlColumnDeclaration) element).dataType));
      }
    }
    List<String> primaryKey = new ArrayList<>();
    for (SqlIdentifier key : create.primaryKey()) {
      String keyColumn = resolve(columns, key, name).name();
      if (computed.stream().anyMatch(c -> c.name().equals(keyColumn))) {
        throw SluiceErrors.invalidDdl(
            key.getParserPosition(),
            "PRIMARY KEY column '" + keyColumn + "' of '" + name + "' is a computed column");
      }
      primaryKey.add(keyColumn);
    }
    WatermarkSpec watermark = null;
    if (create.watermarks().size() > 1) {
      throw SluiceErrors.invalidDdl(
          create.watermarks().get(1).getParserPosition(),
          "'" + name + "' declares more than one WATERMARK");
    }
    for (SqlWatermark declared : create.watermarks()) {
      if (kind == RelationKind.TABLE) {
        throw SluiceErrors.invalidDdl(
            declared.getParserPosition(),
            "WATERMARK is only allowed on streams; '" + name + "' is a table");
      }
      Column eventTime = resolve(columns, declared.column(), name);
      if (computed.stream().anyMatch(c -> c.name().equals(eventTime.name()))) {
        throw SluiceErrors.invalidDdl(
            declared.column().getParserPosition(),
            "WATERMARK column '"
                + eventTime.name()
                + "' is a processing-time column (AS PROCTIME()); a watermark is declared on an"
                + " event-time column read from the source");
      }
      if (eventTime.type() != ColumnType.TIMESTAMP) {
        throw SluiceErrors.invalidDdl(
            declared.column().getParserPosition(),
            "WATERMARK column '"
                + eventTime.name()
                + "' must be a TIMESTAMP, not "
                + eventTime.type());
      }
      String expression =
          declared
              .expression()
              .toSqlString(
                  c -> c.withDialect(CalciteSqlDialect.DEFAULT).withQuoteAllIdentifiers(false))
              .getSql();
      String late = declared.lateStream() == null ? null : declared.lateStream().toString();
      long delay = watermarkDelay(declared, eventTime.name());
      watermark = new WatermarkSpec(eventTime.name(), expression, delay, late);
    }
    Map<String, String> options = create.options();
    if (options.containsKey(IDLE_TIMEOUT_OPTION)) {
      try {
        Durations.parse(options.get(IDLE_TIMEOUT_OPTION));
      } catch (IllegalArgumentException e) {
        throw SluiceErrors.invalidOption(
            create.optionPosition(IDLE_TIMEOUT_OPTION), name, e.getMessage());
      }
    }
    if (!options.containsKey("connector")) {
      throw SluiceErrors.invalidOption(
          create.getParserPosition(),
          name,
          "missing 'connector' (e.g. WITH ('connector' = 'files', 'path' = 'data/in', "
              + "'format' = 'json'))");
    }
    return new RelationDefinition(
        name, kind, columns, primaryKey, watermark, options, ddl, computed);
  }

  /** A computed column: {@code PROCTIME()} only; anything else is refused, naming the column. */
  private static ComputedColumn computedColumn(SqlComputedColumn declaration, String relation) {
    SqlNode expression = declaration.expression();
    if (expression instanceof SqlBasicCall call
        && call.getOperator().getName().equalsIgnoreCase("PROCTIME")
        && call.operandCount() == 0) {
      return new ComputedColumn(declaration.name().getSimple(), ComputedColumn.PROCTIME);
    }
    throw SluiceErrors.invalidDdl(
        expression.getParserPosition(),
        "Computed column '"
            + declaration.name().getSimple()
            + "' of '"
            + relation
            + "': only PROCTIME() can compute a column (AS PROCTIME()); compute other"
            + " expressions in a view: CREATE VIEW v AS SELECT *, <expression> AS "
            + declaration.name().getSimple()
            + " FROM "
            + relation);
  }

  /**
   * A plain view: {@code columns} are its query's as validated when it was created (renamed by the
   * view's column list, if any); {@code query} is the query's text, expanded when read.
   */
  public static RelationDefinition view(
      String name, List<Column> columns, String query, String ddl) {
    return new RelationDefinition(
        name, RelationKind.VIEW, columns, List.of(), null, Map.of(VIEW_QUERY_OPTION, query), ddl);
  }

  /** The watermark must be the column itself or the column minus a positive interval literal. */
  private static long watermarkDelay(SqlWatermark declared, String column) {
    SqlNode expression = declared.expression();
    if (expression instanceof SqlIdentifier
        && ((SqlIdentifier) expression).getSimple().equalsIgnoreCase(column)) {
      return 0;
    }
    if (expression instanceof SqlBasicCall && expression.getKind() == SqlKind.MINUS) {
      List<SqlNode> operands = ((SqlBasicCall) expression).getOperandList();
      if (operands.get(0) instanceof SqlIdentifier
          && ((SqlIdentifier) operands.get(0)).getSimple().equalsIgnoreCase(column)
          && operands.get(1) instanceof SqlIntervalLiteral) {
        SqlIntervalLiteral.IntervalValue interval =
            (SqlIntervalLiteral.IntervalValue) ((SqlIntervalLiteral) operands.get(1)).getValue();
        long millis = SqlParserUtil.intervalToMillis(interval);
        if (millis >= 0 && interval.getIntervalQualifier().isYearMonth() == false) {
          return millis;
        }
      }
    }
    throw SluiceErrors.invalidDdl(
        expression.getParserPosition(),
        "WATERMARK expression must be '"
            + column
            + "' or '"
            + column
            + " - INTERVAL …' with a non-negative day-time interval, "
            + "not '"
            + expression
            + "'");
  }

  private static Column resolve(List<Column> columns, SqlIdentifier identifier, String relation) {
    String wanted = identifier.getSimple();
    for (Column column : columns) {
      if (column.name().equalsIgnoreCase(wanted)) {
        return column;
      }
    }
    throw SluiceErrors.invalidDdl(
        identifier.getParserPosition(),
        "Column '" + wanted + "' is not declared in '" + relation + "'");
  }

  static Column column(String name, SqlDataTypeSpec spec) {
    if (!(spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec)) {
      throw SluiceErrors.unsupportedType(
          spec.getParserPosition(), name, spec.getTypeNameSpec().getTypeName().toString());
    }
    SqlBasicTypeNameSpec basic = (SqlBasicTypeNameSpec) spec.getTypeNameSpec();
    SqlTypeName typeName = SqlTypeName.get(basic.getTypeName().getSimple());
    ColumnType type =
        typeName == null
                || typeName == SqlTypeName.NULL
                || SqlTypeName.INTERVAL_TYPES.contains(typeName)
            ? null
            : SqlTypes.columnTypeOrNull(typeName);
    if (type == null) {
      throw SluiceErrors.unsupportedType(
          spec.getParserPosition(), name, basic.getTypeName().getSimple());
    }
    boolean nullable = spec.getNullable() == null || spec.getNullable();
    int precision = basic.getPrecision();
    int scale = basic.getScale();
    if (type == ColumnType.DECIMAL && precision < 0) {
      precision = 19;
      scale = Math.max(scale, 0);
    }
    return new Column(name, type, precision, scale, nullable);
  }
}
