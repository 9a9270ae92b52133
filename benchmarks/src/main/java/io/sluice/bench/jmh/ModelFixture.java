package io.sluice.bench.jmh;

import static java.util.Objects.requireNonNull;

import io.sluice.bench.Directories;
import io.sluice.bench.udf.OnnxRowScore;
import io.sluice.catalog.Catalog;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.exec.model.ModelBinding;
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
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.sql.SluiceSqlParser;
import io.sluice.testing.onnx.OnnxGraph;
import io.sluice.testing.onnx.OnnxModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A scoring query's operators compiled as a running query would compile them, fed one fixed batch
 * of ten random DOUBLE features directly, so a benchmark times the scoring alone. The model is
 * either called through ML_PREDICT (a chunk of rows per call) or row by row from a scalar function.
 */
final class ModelFixture implements AutoCloseable {
  /** Rows per batch. */
  static final int ROWS = 100_000;

  static final int FEATURES = 10;

  private final Path directory;
  private final SluiceEngine engine;
  private final Operator root;
  private final List<ModelBinding> bindings;
  private final Batch features;
  private long batchId;

  /**
   * @param model {@code logistic-regression} (10 weights) or {@code tree-ensemble} (20 trees of
   *     depth 4), both over a FLOAT {@code features [N, 10]} tensor
   */
  ModelFixture(String model, boolean mlPredict) throws Exception {
    requireNonNull(model, "model is null");
    this.directory = Files.createTempDirectory("sluice-jmh-model-");
    OnnxGraph graph = graph(model);
    Path file = graph.writeTo(directory.resolve("model.onnx"));
    this.engine =
        new SluiceEngine(
            SluiceConfig.defaults()
                .with(SluiceConfig.DATA_DIR, directory.resolve("data").toString())
                .with(SluiceConfig.FILES_ALLOWED_PATHS, directory.toString())
                .with(SluiceConfig.MODELS_THREADS, "1"));
    StringJoiner declared = new StringJoiner(", ");
    StringJoiner names = new StringJoiner(", ");
    for (int i = 0; i < FEATURES; i++) {
      declared.add("f" + i + " DOUBLE");
      names.add("f" + i);
    }
    Files.createDirectories(directory.resolve("in"));
    Session session = new Session();
    engine.execute(
        session,
        "CREATE STREAM features ("
            + declared
            + ") WITH ('connector' = 'files', 'path' = '"
            + directory.resolve("in")
            + "', 'format' = 'csv')");
    engine.execute(
        session,
        "CREATE MODEL m INPUT ("
            + declared
            + ") OUTPUT (score DOUBLE) WITH ('provider' = 'onnx', 'path' = '"
            + file
            + "')");
    engine.execute(session, "CREATE FUNCTION row_score AS '" + OnnxRowScore.class.getName() + "'");
    OnnxRowScore.use(graph.toBytes());
    String sql =
        mlPredict
            ? "SELECT STREAM score FROM ML_PREDICT(TABLE features, MODEL m, DESCRIPTOR("
                + names
                + "))"
            : "SELECT STREAM row_score(" + names + ") AS score FROM features";
    Catalog catalog = engine.catalog();
    QueryPlanner planner = new QueryPlanner(catalog);
    PlannedQuery plan = planner.plan(SluiceSqlParser.parseStatement(sql), sql, OutputMode.AUTO);
    QueryDataContext context = new QueryDataContext(planner.typeFactory(), new AtomicBoolean());
    context.startBatch(System.currentTimeMillis());
    TranslatedPlan translated =
        OperatorTranslator.translate(plan.root(), planner.typeFactory(), context, engine.models());
    this.root = translated.root();
    this.bindings = translated.models();
    this.features = randomFeatures(translated.scans().get(0).columns());
  }

  private static OnnxGraph graph(String model) {
    return switch (model) {
      case "logistic-regression" -> {
        Random random = new Random(7);
        double[] weights = new double[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
          weights[i] = random.nextDouble() * 2 - 1;
        }
        yield OnnxModels.logisticRegression(OnnxGraph.FLOAT, weights, -0.5);
      }
      case "tree-ensemble" ->
          OnnxModels.treeEnsemble(FEATURES, OnnxModels.randomTrees(7, 20, 4, FEATURES));
      default -> throw new IllegalArgumentException("Unknown model " + model);
    };
  }

  /** The scan's columns (every feature, or those the query reads) filled with values in [0, 1). */
  private static Batch randomFeatures(List<Integer> columns) {
    Random random = new Random(42);
    ColumnVector[] vectors = new ColumnVector[columns.size()];
    for (int c = 0; c < vectors.length; c++) {
      DoubleVector vector = new DoubleVector(ROWS);
      for (int r = 0; r < ROWS; r++) {
        vector.set(r, random.nextDouble());
      }
      vectors[c] = vector;
    }
    return new Batch(vectors, ROWS);
  }

  /** Scores the batch once, with the model's current version pinned as the driver pins it. */
  Batch runBatch() {
    for (ModelBinding binding : bindings) {
      binding.pinCurrent();
    }
    return root.next(
        new MicroBatch(
            batchId++,
            List.of(features),
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
