package io.sluice.bench;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.driver.QueryState;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The generator's events written once as files of one format ({@code <data
 * dir>/nexmark-<format>-<events>/person/, auction/, bid/}), by files sinks over the generator's
 * streams, so every file-input run reads the same events as a generator run of the same size. Kept
 * between runs; written again when the event count or rate differ from those recorded in its {@code
 * _events} file (or it is incomplete).
 */
public final class InputFiles {
  static final List<String> TABLES = List.of("person", "auction", "bid");
  private static final String STAMP = "_events";

  private final NexmarkSql sql;
  private final Path dataDir;

  public InputFiles(NexmarkSql sql, Path dataDir) {
    this.sql = requireNonNull(sql, "sql is null");
    this.dataDir = requireNonNull(dataDir, "dataDir is null");
  }

  /** The folder of the files of {@code input} over {@code events} events, written if needed. */
  public Path prepare(Input input, long events, Map<String, String> generatorParameters)
      throws IOException {
    // one folder per size: the warm-up's small run does not make the measured run rewrite its files
    Path dir = dataDir.resolve("nexmark-" + input.format() + "-" + events).toAbsolutePath();
    String stamp =
        events + " events, first-event.rate " + generatorParameters.get("FIRST_EVENT_RATE") + "\n";
    Path stampFile = dir.resolve(STAMP);
    if (Files.isRegularFile(stampFile)
        && Files.readString(stampFile, StandardCharsets.UTF_8).equals(stamp)) {
      return dir;
    }
    Directories.deleteTree(dir);
    Files.createDirectories(dir);
    long start = System.nanoTime();
    System.out.printf("Writing %,d events as %s files into %s...%n", events, input.format(), dir);
    write(input, dir, generatorParameters);
    Files.writeString(stampFile, stamp, StandardCharsets.UTF_8);
    System.out.printf(
        "  done in %.1f s (%,d bytes)%n", (System.nanoTime() - start) / 1e9, size(dir));
    return dir;
  }

  private void write(Input input, Path dir, Map<String, String> parameters) throws IOException {
    Path work = Files.createTempDirectory("sluice-nexmark-files-");
    Session session = new Session();
    try (SluiceEngine engine =
        new SluiceEngine(
            SluiceConfig.defaults()
                .with(SluiceConfig.DATA_DIR, work.resolve("data").toString())
                .with(SluiceConfig.FILES_ALLOWED_PATHS, dir.toString())
                .with(SluiceConfig.IDLE_POLL_MS, "10"))) {
      for (String statement : sql.ddl(parameters)) {
        engine.execute(session, statement);
      }
      engine.execute(session, "SET 'trigger' = 'available-now'");
      for (String table : TABLES) {
        String sink = table + "_files";
        engine.execute(
            session,
            "CREATE SINK "
                + sink
                + " WITH ('connector' = 'files', 'path' = '"
                + dir.resolve(table)
                + "', 'format' = '"
                + input.format()
                + "') AS SELECT * FROM "
                + table);
        RunningQuery query = engine.queries().find(sink).orElseThrow();
        while (!query.awaitEnd(1000)) {
          // the generator is bounded: the sink's query ends once every event is written
        }
        if (query.state() != QueryState.FINISHED) {
          throw new IllegalStateException(
              "Writing " + table + " files ended " + query.state() + ": " + query.error());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while writing the input files", e);
    } finally {
      Directories.deleteTree(work);
    }
  }

  private static long size(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
