package io.sluice.server.persistent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.QueryListener;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.spi.fs.ChecksummedFiles;
import io.sluice.spi.fs.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent batches of each persistent query (sink, {@code INSERT INTO}, materialized view) and
 * its totals, kept in {@code <data dir>/progress/} so that {@code sys.query_progress} and the web
 * UI show a query's history again after a restart or {@code RESTART QUERY}. Written after every
 * batch that read or wrote rows, and at most once a second for idle ones; history is not data, so a
 * file that cannot be written or read is logged and otherwise ignored.
 */
final class ProgressHistory implements QueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressHistory.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final long IDLE_WRITE_INTERVAL_MILLIS = 1_000;

  private final Path directory;
  private final Map<String, Long> lastWrite = new ConcurrentHashMap<>();
  // queries started but not yet given their history: a write now would drop the older batches
  private final Set<String> restoring = ConcurrentHashMap.newKeySet();

  ProgressHistory(Path directory) {
    this.directory = requireNonNull(directory, "directory is null");
  }

  /** What one query's file holds. */
  record Saved(
      long totalInputRows, long totalOutputRows, long peakStateRows, List<BatchProgress> batches) {
    Saved {
      batches = List.copyOf(batches);
    }
  }

  /**
   * Reads query {@code name}'s history before it starts, and holds its writes until {@link
   * #restore} gives the started query that history.
   */
  Optional<Saved> read(String name) {
    restoring.add(name);
    Path file = file(name);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(ChecksummedFiles.read(file, bytes -> false), Saved.class));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot read the progress history of query {} in {}; it starts anew", name, file, e);
      return Optional.empty();
    }
  }

  /** Puts the history {@link #read} found in front of the started query's progress. */
  void restore(RunningQuery query, Optional<Saved> saved) {
    try {
      saved.ifPresent(
          s ->
              query.restoreProgress(
                  s.batches(), s.totalInputRows(), s.totalOutputRows(), s.peakStateRows()));
    } finally {
      restoring.remove(query.id());
    }
    write(query);
  }

  /** A query that could not start keeps its history file for its next start. */
  void notStarted(String name) {
    restoring.remove(name);
  }

  /** After DROP: the query's history goes with it. */
  void delete(String name) {
    lastWrite.remove(name);
    try {
      Files.deleteIfExists(file(name));
    } catch (IOException e) {
      LOG.warn("Cannot delete the progress history of query {}", name, e);
    }
  }

  @Override
  public void batchEnded(RunningQuery query, BatchProgress batch) {
    if (!query.isPersistent() || restoring.contains(query.id())) {
      return;
    }
    boolean busy = batch.inputRows() > 0 || batch.outputRows() > 0;
    long now = System.currentTimeMillis();
    if (busy || now - lastWrite.getOrDefault(query.id(), 0L) >= IDLE_WRITE_INTERVAL_MILLIS) {
      write(query);
    }
  }

  private synchronized void write(RunningQuery query) {
    lastWrite.put(query.id(), System.currentTimeMillis());
    Saved saved =
        new Saved(
            query.totalInputRows(),
            query.totalOutputRows(),
            query.peakStateRows(),
            query.recentProgress());
    try {
      Files.createDirectories(directory);
      ChecksummedFiles.writePrivate(file(query.id()), JSON.writeValueAsBytes(saved));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot write the progress history of query {}", query.id(), e);
    }
  }

  private Path file(String name) {
    // names match case-insensitively, as the queries' own do
    return directory.resolve(FileNames.encode(name.toLowerCase(Locale.ROOT)) + ".json");
  }
}
