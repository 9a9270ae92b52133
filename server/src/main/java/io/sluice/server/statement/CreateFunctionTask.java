package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.FunctionDefinition;
import io.sluice.connector.PathConfinement;
import io.sluice.error.SluiceErrors;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.spi.error.SluiceException;
import io.sluice.sql.SqlCreateFunction;
import io.sluice.sql.function.SluiceFunctions;
import io.sluice.sql.function.UserFunctionKind;
import io.sluice.sql.function.UserFunctions;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * {@code CREATE [OR REPLACE] FUNCTION name AS 'class' [USING JAR 'path']}: checks the class now
 * (from the jar, if one is named, confined like every file path), so a typo fails here rather than
 * in the first query, and keeps the function and its jar in the catalog; queries load the class
 * when they are planned.
 */
public final class CreateFunctionTask implements StatementTask<SqlCreateFunction> {
  private final Catalog catalog;
  private final PersistentQueries persistent;
  private final Path filesBaseDirectory;
  private final PathConfinement confinement;

  public CreateFunctionTask(
      Catalog catalog,
      PersistentQueries persistent,
      Path filesBaseDirectory,
      PathConfinement confinement) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.persistent = requireNonNull(persistent, "persistent is null");
    this.filesBaseDirectory = requireNonNull(filesBaseDirectory, "filesBaseDirectory is null");
    this.confinement = requireNonNull(confinement, "confinement is null");
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
    String jar = jar(create);
    UserFunctionKind kind;
    try {
      ClassLoader loader = catalog.functionLoaders().loader(jar);
      Class<?> type =
          UserFunctions.load(
              name,
              create.className(),
              loader,
              create.classLiteral().getParserPosition(),
              jar == null ? "on the server's class path" : "in jar '" + jar + "'");
      kind = UserFunctions.check(name, type, create.classLiteral().getParserPosition());
    } catch (SluiceException e) {
      // The jar's loader was opened for the check alone: close it unless a function uses it.
      catalog.releaseUnusedJars();
      throw e;
    }
    String canonical = existing.map(FunctionDefinition::name).orElse(name);
    if (!catalog.addFunction(
        new FunctionDefinition(canonical, create.className(), jar, kind, context.sql().strip()),
        create.getReplace())) {
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Function", name);
    }
    persistent.retryFailed();
    return new StatementResult.Update(0);
  }

  /** The jar's absolute path (relative ones are under the files base directory), or null. */
  private String jar(SqlCreateFunction create) {
    if (create.jars().isEmpty()) {
      return null;
    }
    if (create.jars().size() > 1) {
      throw SluiceErrors.invalidDdl(
          create.jars().get(1).getParserPosition(),
          "A function's classes come from one jar; put them in one jar, or create one function"
              + " per jar");
    }
    SqlLiteral literal = (SqlLiteral) create.jars().get(0);
    String text = literal.getValueAs(String.class);
    Path path = filesBaseDirectory.resolve(text).toAbsolutePath().normalize();
    try {
      confinement.check(path, "jar of function '" + create.name() + "'");
    } catch (IllegalArgumentException e) {
      throw SluiceErrors.invalidDdl(literal.getParserPosition(), e.getMessage());
    }
    if (!path.getFileName().toString().endsWith(".jar")) {
      throw SluiceErrors.invalidDdl(
          literal.getParserPosition(), "USING JAR names a .jar file, not '" + text + "'");
    }
    if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
      throw SluiceErrors.invalidDdl(
          literal.getParserPosition(), "Jar '" + path + "' does not exist or cannot be read");
    }
    return path.toString();
  }
}
