package io.sluice.server;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.connector.DeadLetterStore;
import io.sluice.connector.PathConfinement;
import io.sluice.connector.SourceOpeners;
import io.sluice.connector.http.HttpConnectorFactory;
import io.sluice.connector.http.StreamIngestion;
import io.sluice.connector.http.StreamLogs;
import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.model.ModelRegistry;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.persistent.PersistentQueries;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.CurrentPrincipal;
import io.sluice.server.session.Principal;
import io.sluice.server.session.Session;
import io.sluice.server.statement.AlterModelTask;
import io.sluice.server.statement.AlterPersistentQueryTask;
import io.sluice.server.statement.CreateFunctionTask;
import io.sluice.server.statement.CreateMaterializedViewTask;
import io.sluice.server.statement.CreateModelTask;
import io.sluice.server.statement.CreateRelationTask;
import io.sluice.server.statement.CreateSinkTask;
import io.sluice.server.statement.CreateViewTask;
import io.sluice.server.statement.DescribeModelTask;
import io.sluice.server.statement.DescribeTask;
import io.sluice.server.statement.DropTask;
import io.sluice.server.statement.ExplainCreateTask;
import io.sluice.server.statement.ExplainTask;
import io.sluice.server.statement.InsertIntoTask;
import io.sluice.server.statement.QueryControlTask;
import io.sluice.server.statement.QueryTask;
import io.sluice.server.statement.SetTask;
import io.sluice.server.statement.ShowTask;
import io.sluice.server.statement.StatementContext;
import io.sluice.server.statement.StatementPermissions;
import io.sluice.server.statement.StatementTasks;
import io.sluice.server.statement.Statements;
import io.sluice.server.system.DeadLettersTable;
import io.sluice.server.system.FunctionsTable;
import io.sluice.server.system.MaterializedViewsTable;
import io.sluice.server.system.ModelsTable;
import io.sluice.server.system.QueriesTable;
import io.sluice.server.system.QueryProgressTable;
import io.sluice.server.system.SinksTable;
import io.sluice.server.system.StreamsTable;
import io.sluice.server.system.SystemTables;
import io.sluice.server.system.TablesTable;
import io.sluice.server.system.ViewsTable;
import io.sluice.spi.connector.SecretOptions;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's engine: the catalog, the running queries and the statement tasks, wired together.
 * {@link #execute} parses a statement and hands it to its task; every failure a user can cause
 * comes back as a {@link SluiceException} naming the problem and, where there is one, its position.
 */
public final class SluiceEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceEngine.class);

  private final SluiceConfig config;
  private final Catalog catalog;
  private final DeadLetterStore deadLetters;
  private final ModelRegistry models;
  private final StreamLogs streamLogs;
  private final StreamIngestion ingestion;
  private final QueryManager queries;
  private final PersistentQueries persistent;
  private final SystemTables systemTables;
  private final StatementTasks tasks;
  private final StatementPermissions permissions;
  private final ExecutorService statements =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "sluice-statement");
            thread.setDaemon(true);
            return thread;
          });

  public SluiceEngine(SluiceConfig config) {
    this.config = requireNonNull(config, "config is null");
    this.catalog = Catalog.open(config.dataDirectory());
    PathConfinement confinement = PathConfinement.within(config.allowedPaths());
    // A function's jar is a file the server reads: confined like the files of streams and sinks.
    catalog.functionLoaders().checkJarsWith(jar -> confinement.check(jar, "jar of a function"));
    this.deadLetters = DeadLetterStore.open(config.dataDirectory().resolve("dead-letters"));
    this.models =
        new ModelRegistry(
            config.dataDirectory().resolve("models"),
            model -> {
              java.nio.file.Path file = config.filesBaseDirectory().resolve(model.path());
              confinement.check(file, "option 'path' of model '" + model.name() + "'");
              return file;
            },
            config.modelThreads(),
            config.modelReloadInterval());
    models.start(catalog.models());
    this.streamLogs = new StreamLogs(config.dataDirectory().resolve("streams"));
    streamLogs.keepOnly(
        catalog.list(io.sluice.catalog.RelationKind.STREAM).stream()
            .filter(r -> r.connector().trim().equalsIgnoreCase(HttpConnectorFactory.IDENTIFIER))
            .map(r -> r.name())
            .collect(java.util.stream.Collectors.toSet()));
    this.ingestion =
        new StreamIngestion(streamLogs, catalog::find, deadLetters, config.filesBaseDirectory());
    // The source opener reads system tables and views through the fields set just below.
    SourceOpeners sources =
        new SourceOpeners(
            config.filesBaseDirectory(),
            confinement,
            deadLetters,
            name -> {
              // a query reads a system table as the user who runs it; the server's own
              // (persistent query retries) as itself
              Principal viewer = CurrentPrincipal.get().orElse(Principal.ANONYMOUS);
              return () -> systemTables().rows(name, viewer);
            },
            name -> persistent().view(name),
            catalog::find,
            streamLogs);
    this.queries =
        new QueryManager(
            sources,
            models,
            config.idlePoll(),
            config.abandonTimeout(),
            config.maxRunningPerUser(),
            config.stateBudget());
    this.permissions = new StatementPermissions(queries);
    this.persistent = new PersistentQueries(config, catalog, queries, sources);
    this.systemTables =
        new SystemTables(
            List.of(
                new StreamsTable(catalog, streamLogs),
                new TablesTable(catalog),
                new ViewsTable(catalog),
                new MaterializedViewsTable(catalog, queries, persistent),
                new SinksTable(catalog, queries),
                new FunctionsTable(catalog),
                new ModelsTable(catalog, models),
                new QueriesTable(queries, persistent),
                new QueryProgressTable(queries),
                new DeadLettersTable(deadLetters)));
    catalog.setSystemTables(systemTables.definitions());
    this.tasks =
        new StatementTasks(
            List.of(
                new CreateRelationTask(catalog, sources, persistent),
                new CreateViewTask(catalog, persistent),
                new CreateMaterializedViewTask(catalog, config, persistent),
                new CreateSinkTask(catalog, config, persistent),
                new CreateFunctionTask(
                    catalog, persistent, config.filesBaseDirectory(), confinement),
                new CreateModelTask(catalog, models, persistent),
                new AlterModelTask(catalog, models),
                new AlterPersistentQueryTask(catalog, persistent),
                new InsertIntoTask(catalog, config, persistent),
                new DropTask(catalog, persistent, models, streamLogs),
                new ShowTask(systemTables),
                new DescribeTask(catalog),
                new DescribeModelTask(catalog, models),
                new SetTask(),
                new ExplainTask(catalog, config),
                new ExplainCreateTask(catalog, config),
                new QueryControlTask(queries, persistent)),
            new QueryTask(catalog, config, queries));
    persistent.startAll();
  }

  public SluiceConfig config() {
    return config;
  }

  public Catalog catalog() {
    return catalog;
  }

  public ModelRegistry models() {
    return models;
  }

  /** Takes the records clients post to HTTP streams. */
  public StreamIngestion ingestion() {
    return ingestion;
  }

  /** The logs of HTTP streams. */
  public StreamLogs streamLogs() {
    return streamLogs;
  }

  public QueryManager queries() {
    return queries;
  }

  public PersistentQueries persistent() {
    return persistent;
  }

  public SystemTables systemTables() {
    return systemTables;
  }

  /**
   * Executes one statement for {@code session}, on a thread of its own and within the statement
   * budget ({@link SluiceConfig#STATEMENT_TIMEOUT}): a statement that takes long to parse, plan or
   * compile is refused when its budget runs out and holds up no other connection's statements.
   */
  public StatementResult execute(Session session, String sql) {
    Duration budget = config.statementTimeout();
    if (budget.isZero()) {
      return executeHere(session, sql);
    }
    Optional<Principal> caller = CurrentPrincipal.get();
    Future<StatementResult> result =
        statements.submit(
            () -> {
              if (caller.isEmpty()) {
                return executeHere(session, sql);
              }
              StatementResult[] out = new StatementResult[1];
              CurrentPrincipal.runAs(caller.get(), () -> out[0] = executeHere(session, sql));
              return out[0];
            });
    try {
      return result.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      // a query it still starts is never fetched, so the reaper stops it (abandon timeout)
      LOG.warn("A statement ran over its budget of {} ms and was abandoned", budget.toMillis());
      throw new SluiceException(
          ErrorCode.LIMIT_EXCEEDED,
          "The statement did not finish parsing, planning and compiling within its budget of "
              + budget.toMillis()
              + " ms ("
              + SluiceConfig.STATEMENT_TIMEOUT
              + "), so it was abandoned. Simplify it (e.g. join with a table of values instead of"
              + " a huge expression) or raise the budget. A CREATE or DROP abandoned this way may"
              + " still take effect: check with SHOW before repeating it");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new SluiceException(
          ErrorCode.INTERNAL_ERROR, "Internal error: " + SecretOptions.maskSql(cause.toString()));
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new SluiceException(ErrorCode.QUERY_FAILED, "Interrupted while executing a statement");
    }
  }

  private StatementResult executeHere(Session session, String sql) {
    try {
      SqlNode statement = Statements.parse(sql);
      permissions.check(session, statement);
      // what the statement opens (a system table, say) knows who runs it
      StatementResult[] result = new StatementResult[1];
      CurrentPrincipal.runAs(
          session.principal(),
          () -> result[0] = tasks.execute(statement, new StatementContext(session, sql)));
      return result[0];
    } catch (CalciteContextException e) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR, SecretOptions.maskSql(e.getMessage()), e);
    } catch (SluiceException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, SecretOptions.maskSql(e.getMessage()), e);
    } catch (RuntimeException e) {
      // the statement, which may hold a password, is not logged
      LOG.error("Internal error executing a statement", e);
      throw new SluiceException(
          ErrorCode.INTERNAL_ERROR,
          "Internal error: " + SecretOptions.maskSql(String.valueOf(e)),
          e);
    }
  }

  @Override
  public void close() {
    statements.shutdownNow();
    queries.close();
    models.close();
    streamLogs.close();
    deadLetters.close();
    catalog.close();
  }
}
