package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.SqlTypes;
import io.sluice.error.SluiceErrors;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.rules.SluiceRules;
import io.sluice.plan.rules.physical.StreamCorrelateRule;
import io.sluice.plan.schema.CatalogSchema;
import io.sluice.plan.schema.MlPredictFunction;
import io.sluice.plan.schema.ModelFunctionTable;
import io.sluice.plan.schema.RelationTable;
import io.sluice.plan.schema.SystemSchema;
import io.sluice.plan.schema.SystemTables;
import io.sluice.plan.schema.UserFunctionTable;
import io.sluice.plan.spec.OutputMode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.SluiceSqlParser;
import io.sluice.sql.SqlModelReference;
import io.sluice.sql.function.SluiceFunctions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.Util;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * SQL query → Calcite validation → logical RelNode (views expanded) → Sluice rules → physical plan.
 * One planner per statement; it reads the catalog as it is when planning.
 */
public final class QueryPlanner {
  private static final String SCHEMA = CatalogSchema.NAME;

  /**
   * Calcite's conversions, {@code MODEL name} as the model's name in a string literal (what
   * ML_PREDICT's call carries into the logical plan), and {@code NOW()} as CURRENT_TIMESTAMP.
   */
  private static final SqlRexConvertletTable CONVERTLETS =
      call ->
          SqlModelReference.is(call)
              ? (cx, model) ->
                  cx.getRexBuilder().makeLiteral(Util.last(SqlModelReference.name(model).names))
              : call.getOperator().equals(SluiceFunctions.NOW)
                  ? (cx, now) -> cx.getRexBuilder().makeCall(SqlStdOperatorTable.CURRENT_TIMESTAMP)
                  : StandardConvertletTable.INSTANCE.get(call);

  private final Catalog catalog;
  private final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(SluiceTypeSystem.INSTANCE);

  /** Lower-case names of the views being expanded, innermost first. */
  private final Deque<String> expanding = new ArrayDeque<>();

  /** Lower-case names of every view this planner has expanded. */
  private final Set<String> expandedViews = new HashSet<>();

  public QueryPlanner(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  public JavaTypeFactory typeFactory() {
    return typeFactory;
  }

  /**
   * Plans a query; {@code SELECT STREAM} anywhere in it makes it a push query, whose stateful
   * operators emit by {@code mode}.
   */
  public PlannedQuery plan(SqlNode query, String sql, OutputMode mode) {
    return plan(query, sql, mode, 0, false);
  }

  /**
   * Plans a query whose keyed state expires after {@code stateTtlMillis} idle (0: never), as {@code
   * SET 'state.ttl'} asks.
   */
  public PlannedQuery plan(SqlNode query, String sql, OutputMode mode, long stateTtlMillis) {
    return plan(query, sql, mode, stateTtlMillis, false);
  }

  /**
   * Plans the query of a sink or materialized view: a push query whether or not it says STREAM, its
   * keyed state expiring after {@code stateTtlMillis} idle (0: never).
   */
  public PlannedQuery planPersistent(
      SqlNode query, String sql, OutputMode mode, long stateTtlMillis) {
    return plan(query, sql, mode, stateTtlMillis, true);
  }

  private PlannedQuery plan(
      SqlNode query, String sql, OutputMode mode, long stateTtlMillis, boolean alwaysPush) {
    rejectSessionEnd(query);
    rejectMisplacedModels(query);
    rewriteSessionPartitionBy(query);
    SqlParserPos streamPosition = stripStreamKeyword(query);
    if (alwaysPush && streamPosition == null) {
      streamPosition = query.getParserPosition();
    }
    boolean push = streamPosition != null;
    PlannerContext context = new PlannerContext(push, mode, stateTtlMillis);

    SqlValidator validator = newValidator();
    SqlNode validated = validator.validate(query);
    RelNode logical = toRel(validator, validated, context);
    RelNode optimized = optimize(logical, context);
    StreamCorrelateRule.requireCorrelated(optimized);
    if (push) {
      checkStreamable(optimized, streamPosition);
    }
    SluiceRel physical = toPhysical(optimized);
    SluiceRelMetadataQuery mq = SluiceRelMetadataQuery.of(physical.getCluster().getMetadataQuery());
    ImmutableBitSet key = mq.upsertKey(physical);
    SluiceRel checked = ChangelogInference.infer(physical, key != null);
    PlanChecks.check(checked, context);
    SluiceRel root = ExchangeInsertion.insert(checked);

    List<Column> columns = new ArrayList<>();
    // Names come from before optimisation: removing a renaming-only calc loses the aliases.
    List<String> names = logical.getRowType().getFieldNames();
    List<RelDataTypeField> fields = optimized.getRowType().getFieldList();
    for (int i = 0; i < fields.size(); i++) {
      columns.add(SqlTypes.column(names.get(i), fields.get(i).getType()));
    }
    return new PlannedQuery(sql, root, columns, push, key == null ? List.of() : key.asList());
  }

  /**
   * Validates the query of view {@code name} and returns the view's columns: the query's own, or
   * named by {@code columnNames}. Physical planning waits until the view is read, because a read as
   * a stream may be refused where a snapshot is fine.
   */
  public List<Column> viewColumns(String name, SqlNode query, @Nullable SqlNodeList columnNames) {
    rejectSessionEnd(query);
    rejectMisplacedModels(query);
    rewriteSessionPartitionBy(query);
    SqlParserPos stream = stripStreamKeyword(query);
    if (stream != null) {
      throw SluiceErrors.invalidDdl(
          stream,
          "A view's query cannot say STREAM: SELECT STREAM … "
              + "FROM "
              + name
              + " reads the view as a stream, SELECT … FROM "
              + name
              + " as a snapshot");
    }
    SqlValidator validator = newValidator();
    SqlNode validated = validator.validate(query);
    RelNode logical = toRel(validator, validated, new PlannerContext(false, OutputMode.FINAL));
    if (expandedViews.contains(name.toLowerCase(Locale.ROOT))) {
      throw SluiceErrors.invalidDdl(
          referencePosition(validated, name),
          "View '" + name + "' cannot read itself, directly or through other views");
    }
    List<RelDataTypeField> fields = logical.getRowType().getFieldList();
    if (columnNames != null && columnNames.size() != fields.size()) {
      throw SluiceErrors.invalidDdl(
          columnNames.getParserPosition(),
          "View '"
              + name
              + "' names "
              + columnNames.size()
              + " columns, but its query returns "
              + fields.size());
    }
    List<Column> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      String column =
          columnNames == null
              ? fields.get(i).getName()
              : ((SqlIdentifier) columnNames.get(i)).getSimple();
      if (!seen.add(column.toLowerCase(Locale.ROOT))) {
        SqlParserPos pos =
            columnNames == null
                ? query.getParserPosition()
                : columnNames.get(i).getParserPosition();
        throw SluiceErrors.invalidDdl(
            pos,
            "Duplicate column '"
                + column
                + "' in view '"
                + name
                + "'; name the view's columns: CREATE VIEW "
                + name
                + " (a, b, …) AS …");
      }
      columns.add(SqlTypes.column(column, fields.get(i).getType()));
    }
    return columns;
  }

  /**
   * The types Calcite's validator infers for the query's {@code ?} parameters, in order, as columns
   * named {@code ?1}, {@code ?2}, …; fails like planning does when the query is invalid or a
   * parameter's type cannot be inferred (write {@code CAST(? AS type)} there).
   */
  public List<Column> parameterTypes(SqlNode query) {
    rejectSessionEnd(query);
    rejectMisplacedModels(query);
    rewriteSessionPartitionBy(query);
    stripStreamKeyword(query);
    SqlValidator validator = newValidator();
    SqlNode validated = validator.validate(query);
    List<Column> parameters = new ArrayList<>();
    List<RelDataTypeField> fields = validator.getParameterRowType(validated).getFieldList();
    for (int i = 0; i < fields.size(); i++) {
      parameters.add(SqlTypes.column("?" + (i + 1), fields.get(i).getType()));
    }
    return parameters;
  }

  /** Calcite's optimised logical plan of a query, before physical planning (for diagnostics). */
  public String explainLogical(SqlNode query) {
    boolean push = stripStreamKeyword(query) != null;
    PlannerContext context = new PlannerContext(push, OutputMode.AUTO);
    SqlValidator validator = newValidator();
    RelNode logical = toRel(validator, validator.validate(query), context);
    return RelOptUtil.toString(optimize(logical, context));
  }

  private SqlValidator newValidator() {
    CalciteCatalogReader reader = catalogReader();
    return SqlValidatorUtil.newValidator(
        SqlOperatorTables.chain(
            SqlStdOperatorTable.instance(),
            // before Sluice's built-ins: a function created when no built-in had its name keeps
            // being the one called (CREATE FUNCTION refuses built-in names since)
            new UserFunctionTable(catalog),
            SluiceFunctions.operatorTable(),
            new ModelFunctionTable(catalog),
            reader),
        reader,
        typeFactory,
        SqlValidator.Config.DEFAULT
            .withIdentifierExpansion(true)
            .withConformance(SluiceSqlParser.CONFIG.conformance()));
  }

  private CalciteCatalogReader catalogReader() {
    CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    root.add(SCHEMA, new CatalogSchema(catalog));
    root.add(SystemTables.SCHEMA, new SystemSchema(catalog));
    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    CalciteConnectionConfig config = new CalciteConnectionConfigImpl(properties);
    return new CalciteCatalogReader(root, List.of(SCHEMA), typeFactory, config);
  }

  /**
   * The query as relational algebra, in a cluster whose planner is the physical (Volcano) one: the
   * logical phases run in their own Hep planners over it, as Calcite's own programs do.
   */
  private RelNode toRel(SqlValidator validator, SqlNode validated, PlannerContext context) {
    VolcanoPlanner planner = new VolcanoPlanner(context);
    planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
    RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(typeFactory));
    cluster.setMetadataProvider(SluiceRelMetadataQuery.PROVIDER);
    cluster.setMetadataQuerySupplier(SluiceRelMetadataQuery::new);
    return converter(cluster, validator, validated).convertQuery(validated, false, true).project();
  }

  /** A converter that expands the views a query reads; {@code outer} is where errors point. */
  private SqlToRelConverter converter(
      RelOptCluster cluster, SqlValidator validator, SqlNode outer) {
    RelOptTable.ViewExpander views =
        (rowType, sql, schemaPath, viewPath) ->
            expandView(
                cluster, outer, rowType, sql, Util.last(requireNonNull(viewPath, "viewPath")));
    return new SqlToRelConverter(
        views,
        validator,
        catalogReader(),
        cluster,
        CONVERTLETS,
        SqlToRelConverter.config()
            .withTrimUnusedFields(true)
            .withExpand(true)
            // IN lists of any length stay comparisons; Calcite's default turns 20 or more
            // values into a join with VALUES, which a stream cannot run.
            .withInSubQueryThreshold(Integer.MAX_VALUE));
  }

  /**
   * The plan of view {@code name}'s query, with the columns the view was created with. The query is
   * validated afresh on every read, so what changed underneath since (a stream dropped, a column's
   * type changed) is reported naming the view, at its first mention in {@code outer}.
   */
  private RelRoot expandView(
      RelOptCluster cluster, SqlNode outer, RelDataType rowType, String sql, String name) {
    String key = name.toLowerCase(Locale.ROOT);
    // Only the outermost view is named in the statement; inner ones show in the message chain.
    SqlParserPos pos = expanding.isEmpty() ? referencePosition(outer, name) : null;
    if (expanding.contains(key)) {
      // Only a hand-edited catalog gets here: CREATE VIEW refuses views that read themselves.
      throw SluiceErrors.viewUnreadable(pos, name, "it reads itself");
    }
    expanding.push(key);
    expandedViews.add(key);
    RelNode rel;
    try {
      SqlNode query = SluiceSqlParser.parseStatement(sql);
      rejectSessionEnd(query);
      rejectMisplacedModels(query);
      rewriteSessionPartitionBy(query);
      SqlValidator validator = newValidator();
      SqlNode validated = validator.validate(query);
      rel = converter(cluster, validator, outer).convertQuery(validated, false, false).project();
    } catch (CalciteContextException e) {
      String problem = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
      throw SluiceErrors.viewUnreadable(
          pos,
          name,
          "at line "
              + e.getPosLine()
              + ", column "
              + e.getPosColumn()
              + " of its query ("
              + sql
              + "): "
              + problem);
    } catch (SqlParseException | SluiceException e) {
      throw SluiceErrors.viewUnreadable(pos, name, e.getMessage());
    } finally {
      expanding.pop();
    }
    String changed = changedColumns(rel.getRowType(), rowType);
    if (changed != null) {
      throw SluiceErrors.viewUnreadable(
          pos, name, changed + "; create the view again (CREATE OR REPLACE VIEW)");
    }
    return RelRoot.of(RelOptUtil.createCastRel(rel, rowType, true), SqlKind.SELECT);
  }

  /**
   * How a view's query no longer returns columns of the types the view was created with, or null if
   * it still does. Casting them instead would change values without telling anyone.
   */
  private static @Nullable String changedColumns(RelDataType actual, RelDataType declared) {
    List<RelDataTypeField> now = actual.getFieldList();
    List<RelDataTypeField> then = declared.getFieldList();
    if (now.size() != then.size()) {
      return "its query now returns "
          + now.size()
          + " columns, not the "
          + then.size()
          + " it returned when the view was created";
    }
    for (int i = 0; i < now.size(); i++) {
      Column is = SqlTypes.column(now.get(i).getName(), now.get(i).getType());
      Column was = SqlTypes.column(then.get(i).getName(), then.get(i).getType());
      boolean sized =
          was.type() == ColumnType.DECIMAL
              || was.type() == ColumnType.VARCHAR
              || was.type() == ColumnType.TIMESTAMP
              || was.type() == ColumnType.TIME;
      if (is.type() != was.type()
          || sized && (is.precision() != was.precision() || is.scale() != was.scale())) {
        return "column '"
            + was.name()
            + "' was "
            + then.get(i).getType()
            + " when the view was created and is "
            + now.get(i).getType()
            + " now";
      }
    }
    return null;
  }

  /** Where {@code outer} first names relation {@code name}, or where it starts. */
  private static SqlParserPos referencePosition(SqlNode outer, String name) {
    List<SqlParserPos> found = new ArrayList<>();
    outer.accept(
        new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlIdentifier identifier) {
            if (Util.last(identifier.names).equalsIgnoreCase(name)) {
              found.add(identifier.getParserPosition());
            }
            return null;
          }
        });
    return found.isEmpty() ? outer.getParserPosition() : found.get(0);
  }

  /** The logical phases of {@link SluiceRules}, each to a fixed point, in order. */
  private static RelNode optimize(RelNode logical, PlannerContext context) {
    HepProgramBuilder program = new HepProgramBuilder();
    program.addRuleCollection(SluiceRules.SET_OPERATIONS);
    program.addRuleCollection(SluiceRules.PUSH_DOWN);
    program.addRuleCollection(SluiceRules.CALCS);
    program.addRuleCollection(SluiceRules.WINDOWS);
    program.addRuleCollection(SluiceRules.OVER);
    program.addRuleCollection(SluiceRules.SCANS);
    HepPlanner planner = new HepPlanner(program.build(), context);
    planner.setRoot(logical);
    return planner.findBestExp();
  }

  /**
   * The physical plan: every logical node converted by its rule in {@link SluiceRules#PHYSICAL}. A
   * rule refusing a construct fails the query with its reason.
   */
  private static SluiceRel toPhysical(RelNode logical) {
    RelOptPlanner planner = logical.getCluster().getPlanner();
    planner.clear();
    SluiceRules.PHYSICAL.forEach(planner::addRule);
    planner.setRoot(
        planner.changeTraits(logical, logical.getTraitSet().replace(SluiceRel.CONVENTION)));
    try {
      return (SluiceRel) planner.findBestExp();
    } catch (RelOptPlanner.CannotPlanException e) {
      throw SluiceErrors.unsupportedConstruct(
          "Relational operator "
              + java.util.Optional.ofNullable(firstUnconverted(logical))
                  .orElse(logical)
                  .getRelTypeName());
    } catch (RuntimeException e) {
      // Volcano wraps what a rule throws; the rule's own error says what the user did
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof SluiceException sluice) {
          throw sluice;
        }
      }
      throw e;
    } finally {
      planner.clear();
    }
  }

  /** The first node, bottom-up, that no physical rule converts. */
  private static RelNode firstUnconverted(RelNode rel) {
    for (RelNode input : rel.getInputs()) {
      RelNode found = firstUnconverted(input);
      if (found != null) {
        return found;
      }
    }
    boolean converted =
        SluiceRules.PHYSICAL.stream()
            .anyMatch(rule -> rule.getOperand().getMatchedClass().isInstance(rel));
    return converted ? null : rel;
  }

  /** A push query must read at least one stream; tables only join it. */
  private static void checkStreamable(RelNode rel, SqlParserPos position) {
    List<RelationTable> scanned = new ArrayList<>();
    collectScans(rel, scanned);
    RelationTable someTable = null;
    for (RelationTable table : scanned) {
      if (table.definition().kind() != RelationKind.TABLE) {
        return;
      }
      someTable = table;
    }
    if (someTable != null) {
      throw SluiceErrors.notAStream(position, someTable.definition().name());
    }
    throw SluiceErrors.noStreamInput(position);
  }

  private static void collectScans(RelNode rel, List<RelationTable> scanned) {
    if (rel instanceof TableScan) {
      RelationTable table = rel.getTable().unwrap(RelationTable.class);
      if (table != null) {
        scanned.add(table);
      }
    }
    for (RelNode input : rel.getInputs()) {
      collectScans(input, scanned);
    }
  }

  /**
   * Rewrites {@code SESSION(TABLE s PARTITION BY k, DESCRIPTOR(ts), gap)} (the spelling Flink users
   * know; Calcite declares SESSION's table with row semantics and rejects it) into Calcite's {@code
   * SESSION(TABLE s, DESCRIPTOR(ts), DESCRIPTOR(k), gap)}.
   */
  private static void rewriteSessionPartitionBy(SqlNode query) {
    query.accept(
        new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            for (int i = 0; i < call.operandCount(); i++) {
              SqlNode operand = call.operand(i);
              if (operand instanceof SqlCall && isPartitionedSession((SqlCall) operand)) {
                SqlCall session = (SqlCall) operand;
                SqlCall table = session.operand(0);
                SqlNodeList partitionBy = table.operand(1);
                SqlNode key =
                    SqlStdOperatorTable.DESCRIPTOR.createCall(
                        partitionBy.getParserPosition(), partitionBy.getList());
                call.setOperand(
                    i,
                    session
                        .getOperator()
                        .createCall(
                            session.getParserPosition(),
                            table.operand(0),
                            session.operand(1),
                            key,
                            session.operand(2)));
              }
            }
            return super.visit(call);
          }
        });
  }

  private static boolean isPartitionedSession(SqlCall call) {
    return call.getOperator().getName().equalsIgnoreCase("SESSION")
        && call.operandCount() == 3
        && call.operand(0) instanceof SqlCall
        && ((SqlCall) call.operand(0)).getKind() == SqlKind.SET_SEMANTICS_TABLE;
  }

  /**
   * Calcite derives SESSION_END from the session's group key, which is its start: rather than
   * return a wrong end, refuse it and point at the table function that has the real one.
   */
  private static void rejectSessionEnd(SqlNode query) {
    query.accept(
        new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call.getOperator().getName().equalsIgnoreCase("SESSION_END")) {
              throw new io.sluice.spi.error.SluiceException(
                  io.sluice.spi.error.ErrorCode.NOT_SUPPORTED,
                  io.sluice.error.SluiceErrors.at(call.getParserPosition())
                      + "SESSION_END is not "
                      + "supported: use FROM TABLE(SESSION(TABLE s, DESCRIPTOR(ts), INTERVAL …)) and "
                      + "GROUP BY window_start, window_end, which gives each session's real end");
            }
            return super.visit(call);
          }
        });
  }

  /**
   * {@code MODEL name} is an argument of ML_PREDICT and nothing else; elsewhere it is most likely a
   * column named model with an alias but no AS, which the message says.
   */
  private static void rejectMisplacedModels(SqlNode query) {
    query.accept(
        new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (SqlModelReference.is(call)) {
              throw SqlModelReference.misplaced(call);
            }
            boolean mlPredict =
                call.getOperator().getName().equalsIgnoreCase(MlPredictFunction.NAME);
            for (int i = 0; i < call.operandCount(); i++) {
              SqlNode operand = call.operand(i);
              if (operand == null || mlPredict && i == 1 && SqlModelReference.is(operand)) {
                continue;
              }
              operand.accept(this);
            }
            return null;
          }
        });
  }

  /**
   * Removes the STREAM keyword so Calcite validates the query like any other (its own streaming
   * checks would reject what Sluice's runtime can run), and returns where it was, or null.
   */
  private static SqlParserPos stripStreamKeyword(SqlNode node) {
    if (node instanceof SqlSelect) {
      SqlSelect select = (SqlSelect) node;
      SqlNodeList keywords = (SqlNodeList) select.getOperandList().get(0);
      SqlNodeList kept = new SqlNodeList(keywords.getParserPosition());
      SqlParserPos found = null;
      for (SqlNode keyword : keywords) {
        if (keyword.toString().equals(SqlSelectKeyword.STREAM.name())) {
          found = keyword.getParserPosition();
        } else {
          kept.add(keyword);
        }
      }
      select.setOperand(0, kept);
      SqlParserPos nested = stripStreamKeyword(select.getFrom());
      return found != null ? found : nested;
    }
    if (node instanceof SqlOrderBy) {
      return stripStreamKeyword(((SqlOrderBy) node).query);
    }
    if (node instanceof SqlWith) {
      SqlWith with = (SqlWith) node;
      return stripStreamKeyword(with.body);
    }
    if (node instanceof SqlCall) {
      SqlCall call = (SqlCall) node;
      if (call.getKind() == SqlKind.UNION
          || call.getKind() == SqlKind.INTERSECT
          || call.getKind() == SqlKind.EXCEPT
          || call.getKind() == SqlKind.AS) {
        SqlParserPos found = null;
        for (SqlNode operand : call.getOperandList()) {
          SqlParserPos position = stripStreamKeyword(operand);
          if (found == null) {
            found = position;
          }
        }
        return found;
      }
    }
    return null;
  }
}
