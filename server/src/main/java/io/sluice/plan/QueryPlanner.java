package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.CatalogSchema;
import io.sluice.catalog.Column;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.RelationTable;
import io.sluice.catalog.SqlTypes;
import io.sluice.catalog.SystemSchema;
import io.sluice.catalog.SystemTables;
import io.sluice.error.SluiceErrors;
import io.sluice.plan.physical.OutputMode;
import io.sluice.plan.physical.PhysicalNode;
import io.sluice.sql.SluiceSqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * SQL query → Calcite validation → logical RelNode → Sluice rules → physical plan. One planner
 * per statement; it reads the catalog as it is when planning.
 */
public final class QueryPlanner {
  private static final String SCHEMA = "sluice";

  private final Catalog catalog;
  private final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl();

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
    return plan(query, sql, mode, false);
  }

  /** Plans the query of a sink: a push query whether or not it says STREAM. */
  public PlannedQuery planPersistent(SqlNode query, String sql, OutputMode mode) {
    return plan(query, sql, mode, true);
  }

  private PlannedQuery plan(SqlNode query, String sql, OutputMode mode, boolean alwaysPush) {
    rejectSessionEnd(query);
    rewriteSessionPartitionBy(query);
    SqlParserPos streamPosition = stripStreamKeyword(query);
    if (alwaysPush && streamPosition == null) {
      streamPosition = query.getParserPosition();
    }
    boolean push = streamPosition != null;

    SqlValidator validator = newValidator();
    SqlNode validated = validator.validate(query);
    RelNode logical = toRel(validator, validated);
    RelNode optimized = optimize(logical);
    if (push) {
      checkStreamable(optimized, streamPosition);
    }
    PhysicalNode root = new PhysicalPlanner(mode, push).plan(optimized);

    List<Column> columns = new ArrayList<>();
    // Names come from before optimisation: removing a renaming-only calc loses the aliases.
    List<String> names = logical.getRowType().getFieldNames();
    List<RelDataTypeField> fields = optimized.getRowType().getFieldList();
    for (int i = 0; i < fields.size(); i++) {
      columns.add(SqlTypes.column(names.get(i), fields.get(i).getType()));
    }
    return new PlannedQuery(sql, root, columns, push, uniqueKey(optimized));
  }

  /** Calcite's optimised logical plan of a query, before physical planning (for diagnostics). */
  public String explainLogical(SqlNode query) {
    stripStreamKeyword(query);
    SqlValidator validator = newValidator();
    RelNode logical = toRel(validator, validator.validate(query));
    return RelOptUtil.toString(optimize(logical));
  }

  private SqlValidator newValidator() {
    CalciteCatalogReader reader = catalogReader();
    return SqlValidatorUtil.newValidator(
        SqlOperatorTables.chain(SqlStdOperatorTable.instance(), reader),
        reader, typeFactory,
        SqlValidator.Config.DEFAULT
            .withIdentifierExpansion(true)
            .withConformance(SluiceSqlParser.CONFIG.conformance()));
  }

  private CalciteCatalogReader catalogReader() {
    CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    root.add(SCHEMA, new CatalogSchema(catalog));
    root.add(SystemTables.SCHEMA, new SystemSchema());
    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    CalciteConnectionConfig config = new CalciteConnectionConfigImpl(properties);
    return new CalciteCatalogReader(root, List.of(SCHEMA), typeFactory, config);
  }

  private RelNode toRel(SqlValidator validator, SqlNode validated) {
    HepPlanner planner = new HepPlanner(new HepProgramBuilder().build());
    RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(typeFactory));
    SqlToRelConverter converter = new SqlToRelConverter(null, validator,
        catalogReader(), cluster, StandardConvertletTable.INSTANCE,
        SqlToRelConverter.config().withTrimUnusedFields(true).withExpand(true)
            // IN lists of any length stay comparisons; Calcite's default turns 20 or more
            // values into a join with VALUES, which a stream cannot run.
            .withInSubQueryThreshold(Integer.MAX_VALUE));
    RelRoot relRoot = converter.convertQuery(validated, false, true);
    return relRoot.project();
  }

  private static RelNode optimize(RelNode logical) {
    HepProgramBuilder program = new HepProgramBuilder();
    program.addRuleCollection(SluiceRules.PUSH_DOWN);
    program.addRuleCollection(SluiceRules.LOGICAL);
    program.addRuleCollection(SluiceRules.SCAN);
    HepPlanner planner = new HepPlanner(program.build());
    planner.setRoot(logical);
    return planner.findBestExp();
  }

  /** The smallest set of result columns Calcite proves unique, e.g. an aggregate's group key. */
  private static List<Integer> uniqueKey(RelNode rel) {
    java.util.Set<org.apache.calcite.util.ImmutableBitSet> keys =
        rel.getCluster().getMetadataQuery().getUniqueKeys(rel);
    if (keys == null || keys.isEmpty()) {
      return List.of();
    }
    org.apache.calcite.util.ImmutableBitSet smallest = null;
    for (org.apache.calcite.util.ImmutableBitSet key : keys) {
      if (smallest == null || key.cardinality() < smallest.cardinality()) {
        smallest = key;
      }
    }
    return smallest.asList();
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
   * Rewrites {@code SESSION(TABLE s PARTITION BY k, DESCRIPTOR(ts), gap)} (the spelling Flink
   * users know; Calcite declares SESSION's table with row semantics and rejects it) into
   * Calcite's {@code SESSION(TABLE s, DESCRIPTOR(ts), DESCRIPTOR(k), gap)}.
   */
  private static void rewriteSessionPartitionBy(SqlNode query) {
    query.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
      @Override public Void visit(SqlCall call) {
        for (int i = 0; i < call.operandCount(); i++) {
          SqlNode operand = call.operand(i);
          if (operand instanceof SqlCall && isPartitionedSession((SqlCall) operand)) {
            SqlCall session = (SqlCall) operand;
            SqlCall table = session.operand(0);
            SqlNodeList partitionBy = table.operand(1);
            SqlNode key = SqlStdOperatorTable.DESCRIPTOR.createCall(
                partitionBy.getParserPosition(), partitionBy.getList());
            call.setOperand(i, session.getOperator().createCall(session.getParserPosition(),
                table.operand(0), session.operand(1), key, session.operand(2)));
          }
        }
        return super.visit(call);
      }
    });
  }

  private static boolean isPartitionedSession(SqlCall call) {
    return call.getOperator().getName().equalsIgnoreCase("SESSION") && call.operandCount() == 3
        && call.operand(0) instanceof SqlCall
        && ((SqlCall) call.operand(0)).getKind() == SqlKind.SET_SEMANTICS_TABLE;
  }

  /**
   * Calcite derives SESSION_END from the session's group key, which is its start: rather than
   * return a wrong end, refuse it and point at the table function that has the real one.
   */
  private static void rejectSessionEnd(SqlNode query) {
    query.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
      @Override public Void visit(SqlCall call) {
        if (call.getOperator().getName().equalsIgnoreCase("SESSION_END")) {
          throw new io.sluice.error.SluiceException(io.sluice.error.ErrorCode.NOT_SUPPORTED,
              io.sluice.error.SluiceErrors.at(call.getParserPosition()) + "SESSION_END is not "
                  + "supported: use FROM TABLE(SESSION(TABLE s, DESCRIPTOR(ts), INTERVAL …)) and "
                  + "GROUP BY window_start, window_end, which gives each session's real end");
        }
        return super.visit(call);
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
      if (call.getKind() == SqlKind.UNION || call.getKind() == SqlKind.AS) {
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
