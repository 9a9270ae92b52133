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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent batches of each persistent query (sink, {@code INSERT INTO}, materialized view) and
 * its totals, kept in {@code <data dir>/progress/} so that {@code sys.query_progress} and the web
 * UI show a query's history again after a restart or {@code RESTART QUERY}. Written on a thread of
 * its own, at most once a second per query (a continuous query ends an epoch every few
 * milliseconds, and its commits must not wait for this file's fsync): a batch that read or wrote
 * rows is in the file within a second, an idle one only if none was written for a second, and a
 * query's last batches when it stops. History is not data, so a file that cannot be written or read
 * is logged and otherwise ignored, and a crash may lose its last second.
 */
final class ProgressHistory implements QueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressHistory.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final long WRITE_INTERVAL_MILLIS = 1_000;

  private final Path directory;
  private final Map<String, Long> lastWrite = new ConcurrentHashMap<>();
  // queries started but not yet given their history: a write now would drop the older batches
  private final Set<String> restoring = ConcurrentHashMap.newKeySet();
  // queries whose next write is scheduled, by id; taken out and written under this object's lock,
  // which batchEnded never waits for
  private final Map<String, RunningQuery> scheduled = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor writer;

  ProgressHistory(Path directory) {
    this.directory = requireNonNull(directory, "directory is null");
    this.writer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "sluice-progress-history");
              thread.setDaemon(true);
              return thread;
            });
    // a server's history needs no thread while its queries are idle
    writer.setKeepAliveTime(5, TimeUnit.SECONDS);
    writer.allowCoreThreadTimeOut(true);
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
  synchronized void delete(String name) {
    scheduled.remove(name);
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
    String id = query.id();
    long wait = lastWrite.getOrDefault(id, 0L) + WRITE_INTERVAL_MILLIS - System.currentTimeMillis();
    // a write already due takes this batch too
    if ((busy || wait <= 0) && scheduled.putIfAbsent(id, query) == null) {
      var unused =
          writer.schedule(() -> writeScheduled(id), Math.max(0, wait), TimeUnit.MILLISECONDS);
    }
  }

  /** Writes the history of a query that stopped, if a batch of it is not in the file yet. */
  @Override
  public synchronized void queryEnded(RunningQuery query) {
    if (scheduled.remove(query.id()) != null) {
      write(query);
    }
  }

  private synchronized void writeScheduled(String id) {
    RunningQuery query = scheduled.remove(id);
    if (query != null) {
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
