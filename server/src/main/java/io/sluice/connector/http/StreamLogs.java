package io.sluice.connector.http;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.ProjectedSource;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.fs.FileNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logs of the server's HTTP streams, one folder each under {@code <data>/streams}: opened once
 * and shared by the posts that append and the queries that read, deleted with their stream, and
 * trimmed by their retention options every {@value #RETENTION_CHECK_SECONDS} seconds.
 */
public final class StreamLogs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamLogs.class);
  public static final long RETENTION_CHECK_SECONDS = 5;

  private final Path directory;
  private final Map<String, StreamLog> logs = new HashMap<>();
  private final ScheduledExecutorService retention =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "sluice-log-retention");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param directory the folder the logs' folders go in, e.g. {@code <data>/streams}
   */
  public StreamLogs(Path directory) {
    this.directory = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
    var unused =
        retention.scheduleWithFixedDelay(
            this::enforceRetention,
            RETENTION_CHECK_SECONDS,
            RETENTION_CHECK_SECONDS,
            TimeUnit.SECONDS);
  }

  /** The log of the stream {@code context} describes, opened on first use. */
  public synchronized StreamLog log(SourceContext context) {
    String key = key(context.relationName());
    StreamLog log = logs.get(key);
    if (log == null) {
      try {
        log = StreamLog.open(context.relationName(), folder(key), HttpStreamOptions.of(context));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot open the log of stream '" + context.relationName() + "'", e);
      }
      logs.put(key, log);
    }
    return log;
  }

  /** A query's source reading the stream's log (the columns of {@code context}'s projection). */
  public StreamSource source(SourceContext context) {
    HttpConnectorFactory.check(context);
    StreamLog log = log(context);
    return ProjectedSource.of(
        new HttpLogSource(log, context, HttpConnectorFactory.decoder(context)),
        context.columns().size(),
        context.projection());
  }

  /** The size of a stream's log in bytes, 0 when it has none yet. */
  public synchronized long sizeBytes(String streamName) {
    StreamLog log = logs.get(key(streamName));
    if (log != null) {
      return log.sizeBytes();
    }
    Path folder = folder(key(streamName));
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    long total = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path file : files) {
        total += Files.size(file);
      }
    } catch (IOException e) {
      LOG.debug("Cannot measure the log of stream '{}'", streamName, e);
    }
    return total;
  }

  /** Deletes a dropped stream's log (nothing when it has none). */
  public synchronized void delete(String streamName) {
    String key = key(streamName);
    StreamLog log = logs.remove(key);
    try {
      if (log != null) {
        log.delete();
      } else {
        deleteFolder(folder(key));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the log of stream '" + streamName + "'", e);
    }
  }

  /**
   * Deletes the logs of streams that no longer exist (a drop interrupted before it deleted the
   * log), so a new stream of the same name starts empty.
   *
   * @param streamNames the HTTP streams there are
   */
  public synchronized void keepOnly(Set<String> streamNames) {
    Set<String> kept = new java.util.HashSet<>();
    streamNames.forEach(name -> kept.add(FileNames.encode(key(name))));
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(directory)) {
      for (Path folder : folders) {
        if (!kept.contains(folder.getFileName().toString())) {
          LOG.info("Deleting the log of a dropped stream: {}", folder);
          deleteFolder(folder);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot clean up the logs of dropped streams in {}", directory, e);
    }
  }

  private void enforceRetention() {
    long now = System.currentTimeMillis();
    java.util.List<StreamLog> open;
    synchronized (this) {
      open = java.util.List.copyOf(logs.values());
    }
    for (StreamLog log : open) {
      try {
        log.enforceRetention(now);
      } catch (RuntimeException e) {
        LOG.warn("Retention of the log of stream '{}' failed", log.streamName(), e);
      }
    }
  }

  private Path folder(String key) {
    Path folder = directory.resolve(FileNames.encode(key)).normalize();
    if (!folder.getParent().equals(directory)) {
      throw new IllegalStateException("A log folder outside " + directory + ": " + folder);
    }
    return folder;
  }

  private static void deleteFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(folder);
  }

  private static String key(String streamName) {
    return streamName.toLowerCase(Locale.ROOT);
  }

  @Override
  public synchronized void close() {
    retention.shutdownNow();
    logs.values().forEach(StreamLog::close);
    logs.clear();
  }
}
