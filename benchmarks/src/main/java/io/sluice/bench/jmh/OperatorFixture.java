package io.sluice.bench.jmh;

import static java.util.Objects.requireNonNull;

import io.sluice.bench.Directories;
import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.connector.datagen.nexmark.NexmarkOffset;
import io.sluice.connector.datagen.nexmark.NexmarkSource;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.exec.operator.MicroBatch;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.translate.OperatorTranslator;
import io.sluice.exec.translate.TranslatedPlan;
import io.sluice.plan.PlannedQuery;
import io.sluice.plan.QueryPlanner;
import io.sluice.plan.spec.OutputMode;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Session;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import io.sluice.sql.SluiceSqlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A query's operator tree compiled as a running query would compile it, fed one fixed batch of
 * Nexmark bids directly: what the driver, sources and result delivery add is left out, so a
 * benchmark times the operators alone.
 */
final class OperatorFixture implements AutoCloseable {
  /** Global events per batch; 46 of every 50 are bids. */
  static final int EVENTS = 50_000;

  static final int BID_ROWS = 46_000;

  private static final String BID_DDL =
      "CREATE STREAM bid (auction BIGINT, bidder BIGINT, "
          + "price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP(3), extra VARCHAR, "
          + "WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND) WITH ("
          + "'connector' = 'datagen', 'kind' = 'nexmark', 'nexmark.table' = 'bid')";

  private final Path directory;
  private final SluiceEngine engine;
  private final Operator root;
  private final Batch bids;
  private long batchId;

  OperatorFixture(String sql) throws Exception {
    requireNonNull(sql, "sql is null");
    this.directory = Files.createTempDirectory("sluice-jmh-");
    this.engine =
        new SluiceEngine(
            SluiceConfig.defaults()
                .with(SluiceConfig.DATA_DIR, directory.resolve("data").toString())
                .with(SluiceConfig.FILES_ALLOWED_PATHS, directory.toString()));
    engine.execute(new Session(), BID_DDL);
    Catalog catalog = engine.catalog();
    QueryPlanner planner = new QueryPlanner(catalog);
    PlannedQuery plan = planner.plan(SluiceSqlParser.parseStatement(sql), sql, OutputMode.AUTO);
    QueryDataContext context = new QueryDataContext(planner.typeFactory(), new AtomicBoolean());
    context.startBatch(System.currentTimeMillis());
    TranslatedPlan translated =
        OperatorTranslator.translate(plan.root(), planner.typeFactory(), context, engine.models());
    this.root = translated.root();
    RelationDefinition bid = catalog.find("bid").orElseThrow();
    // the columns the query's scan reads, as the running query would read them
    this.bids = readBids(bid.columns(), bid.options(), translated.scans().get(0).columns());
    if (bids.rowCount() != BID_ROWS) {
      throw new IllegalStateException("Expected " + BID_ROWS + " bids, got " + bids.rowCount());
    }
  }

  private static Batch readBids(
      List<Column> columns, java.util.Map<String, String> options, List<Integer> projection) {
    NexmarkSource source =
        new NexmarkSource(
            new SourceContext("bid", columns, options, Path.of("."), new SourceMetrics())
                .withProjection(projection));
    NexmarkOffset start = source.initialOffset();
    return source.read(start, new NexmarkOffset(start.startMillis(), EVENTS));
  }

  /**
   * Pushes the bids through the operators once. The watermark never moves, so windows neither close
   * nor drop rows as late: every call folds the same rows into the same state.
   */
  Batch runBatch() {
    return root.next(
        new MicroBatch(
            batchId++,
            List.of(bids),
            MicroBatch.NO_WATERMARK,
            MicroBatch.NO_WATERMARK,
            false,
            System.currentTimeMillis()));
  }

  @Override
  public void close() throws IOException {
    root.close();
    engine.close();
    Directories.deleteTree(directory);
  }
}
