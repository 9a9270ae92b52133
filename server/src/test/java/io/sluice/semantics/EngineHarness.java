package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.driver.QueryOutput;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.Session;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The engine in-process, for semantics tests: statements in, rows out as text ({@code "a | b |
 * c"}), files landed atomically into input folders.
 */
final class EngineHarness implements AutoCloseable {
  private final SluiceEngine engine;
  private final Session session = new Session();
  private final Path root;

  EngineHarness(Path root) {
    this.root = root;
    this.engine =
        new SluiceEngine(
            SluiceConfig.defaults()
                .with(SluiceConfig.DATA_DIR, root.resolve("data").toString())
                .with(SluiceConfig.FILES_ALLOWED_PATHS, root.toString())
                .with(SluiceConfig.IDLE_POLL_MS, "10")
                // queries run on two subtasks on any machine: rows cross exchanges in every test
                .with(SluiceConfig.QUERY_PARALLELISM, "2"));
  }

  SluiceEngine engine() {
    return engine;
  }

  Session session() {
    return session;
  }

  /** A new empty input folder under the harness root. */
  Path folder(String name) throws Exception {
    return Files.createDirectories(root.resolve(name));
  }

  void land(Path folder, String name, String content) throws Exception {
    Path staging = folder.resolve("." + name);
    Files.writeString(staging, content, StandardCharsets.UTF_8);
    Files.move(staging, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  void execute(String sql) {
    StatementResult result = engine.execute(session, sql);
    if (result instanceof StatementResult.Rows) {
      ((StatementResult.Rows) result).rows().close();
    }
  }

  StatementResult.Rows query(String sql) {
    return (StatementResult.Rows) engine.execute(session, sql);
  }

  /** All rows of a query that ends by itself (snapshot, once, available-now). */
  List<String> rowsOf(String sql) throws Exception {
    StatementResult.Rows result = query(sql);
    List<String> rows = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      QueryOutput.Chunk chunk = result.rows().poll(1000, 200);
      chunk.rows().forEach(row -> rows.add(render(result.columns(), row)));
      if (chunk.done()) {
        return rows;
      }
      assertThat(System.currentTimeMillis()).as("query did not end").isLessThan(deadline);
    }
  }

  /**
   * Waits up to 30 s until {@code sql} (a snapshot query) returns {@code expected} in any order,
   * failing with what it last returned.
   */
  void awaitRows(String sql, List<String> expected) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    List<String> rows = rowsOf(sql);
    while (!(rows.size() == expected.size() && rows.containsAll(expected))) {
      assertThat(System.currentTimeMillis())
          .as("waiting for %s, have %s", expected, rows)
          .isLessThan(deadline);
      Thread.sleep(50);
      rows = rowsOf(sql);
    }
  }

  /** The next {@code count} rows of a running query, waiting up to 20 s. */
  static List<String> take(StatementResult.Rows result, int count) throws Exception {
    List<String> rows = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 20_000;
    while (rows.size() < count) {
      QueryOutput.Chunk chunk = result.rows().poll(count - rows.size(), 200);
      chunk.rows().forEach(row -> rows.add(render(result.columns(), row)));
      assertThat(chunk.done() && rows.size() < count)
          .as("query ended early with %s", rows)
          .isFalse();
      assertThat(System.currentTimeMillis())
          .as("waiting for rows, got %s", rows)
          .isLessThan(deadline);
    }
    return rows;
  }

  /** A row as text: timestamps as UTC {@code yyyy-MM-dd HH:mm:ss[.SSS]}, booleans as words. */
  static String render(List<Column> columns, Object[] row) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < row.length; i++) {
      Object value = row[i];
      if (value != null && columns.get(i).type() == ColumnType.TIMESTAMP) {
        LocalDateTime time =
            LocalDateTime.ofEpochSecond(
                Math.floorDiv((Long) value, 1000),
                (int) Math.floorMod((Long) value, 1000) * 1_000_000,
                ZoneOffset.UTC);
        String text = time.toLocalDate() + " " + time.toLocalTime();
        values.add(time.getSecond() == 0 && time.getNano() == 0 ? text + ":00" : text);
      } else if (value != null && columns.get(i).type() == ColumnType.BOOLEAN) {
        values.add(String.valueOf(((Number) value).longValue() != 0));
      } else {
        values.add(String.valueOf(value));
      }
    }
    return values.stream().collect(Collectors.joining(" | "));
  }

  @Override
  public void close() {
    engine.close();
  }
}
