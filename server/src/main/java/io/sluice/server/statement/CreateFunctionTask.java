package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.FunctionDefinition;
import io.sluice.error.SluiceErrors;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.sql.SqlCreateFunction;
import io.sluice.sql.function.SluiceFunctions;
import io.sluice.sql.function.UserFunctions;
import java.util.Optional;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * {@code CREATE [OR REPLACE] FUNCTION name AS 'class'}: checks the class now, so a typo fails here
 * rather than in the first query, and keeps the function in the catalog; queries load the class
 * when they are planned.
 */
public final class CreateFunctionTask implements StatementTask<SqlCreateFunction> {
  private final Catalog catalog;
  private final PersistentQueries persistent;

  public CreateFunctionTask(Catalog catalog, PersistentQueries persistent) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
  }

  @Override
  public Class<SqlCreateFunction> statementType() {
    return SqlCreateFunction.class;
  }

  @Override
  public StatementResult execute(SqlCreateFunction create, StatementContext context) {
    String name = create.name().toString();
    if (create.getReplace() && create.ifNotExists()) {
      throw SluiceErrors.invalidDdl(
          create.getParserPosition(), "CREATE OR REPLACE FUNCTION cannot also say IF NOT EXISTS");
    }
    if (!create.name().isSimple()) {
      throw SluiceErrors.invalidDdl(
          create.name().getParserPosition(),
          "A function's name is a single identifier, not '" + name + "'");
    }
    for (SqlOperator operator :
        SqlOperatorTables.chain(SqlStdOperatorTable.instance(), SluiceFunctions.operatorTable())
            .getOperatorList()) {
      if (operator instanceof SqlFunction && operator.getName().equalsIgnoreCase(name)) {
        throw SluiceErrors.builtInFunction(create.name().getParserPosition(), name);
      }
    }
    Optional<FunctionDefinition> existing = catalog.findFunction(name);
    if (existing.isPresent() && !create.getReplace()) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      throw SluiceErrors.relationExists(
          create.name().getParserPosition(), "Function", existing.get().name());
    }
    UserFunctions.evalMethods(name, create.className(), create.classLiteral().getParserPosition());
    String canonical = existing.map(FunctionDefinition::name).orElse(name);
    if (!catalog.addFunction(
        new FunctionDefinition(canonical, create.className(), context.sql().strip()),
        create.getReplace())) {
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Function", name);
    }
    persistent.retryFailed();
    return new StatementResult.Update(0);
  }
}
