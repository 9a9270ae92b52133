package io.sluice.exec.view;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.fs.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sink of a materialized view's query: a batch becomes visible in the table on commit, and the
 * table as of that batch is saved under {@code table/N} in the view's checkpoint, so after a
 * restart the view comes back with its content and its query resumes from its checkpoint.
 *
 * <p>The saved table carries its version (the last batch applied), which makes the commit
 * idempotent: a batch replayed after a crash between this commit and {@code commits/N} is not
 * applied twice. Batches without rows change nothing and save nothing.
 */
public final class ResultTableSink implements StreamSink {
  /** The folder of the checkpoint the table is saved in. */
  public static final String TABLE_FOLDER = "table";

  private final ResultTable table;
  private final Path folder;
  private final Map<Long, Batch> staged = new HashMap<>();

  /** The batch whose table is saved now, or -1: the one file to delete after the next save. */
  private long saved = -1;

  /**
   * @param checkpoint the view's checkpoint folder, where the table is saved
   */
  public ResultTableSink(ResultTable table, Path checkpoint) {
    this.table = requireNonNull(table, "table is null");
    this.folder = requireNonNull(checkpoint, "checkpoint is null").resolve(TABLE_FOLDER);
    restore();
  }

  @Override
  public void write(long batchId, Batch rows) {
    staged.put(batchId, rows);
  }

  @Override
  public void commit(long batchId) {
    Batch rows = staged.remove(batchId);
    if (rows != null && batchId > table.version()) {
      table.apply(batchId, rows);
      if (rows.rowCount() > 0) {
        save(batchId);
      }
    }
  }

  @Override
  public long lastCommittedBatch() {
    return table.version();
  }

  private void save(long batchId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      table.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.createDirectories(folder);
      AtomicFiles.write(folder.resolve(Long.toString(batchId)), bytes.toByteArray());
      if (saved >= 0 && saved < batchId) {
        Files.deleteIfExists(folder.resolve(Long.toString(saved)));
      }
      saved = batchId;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot save the materialized view's table under " + folder, e);
    }
  }

  private void restore() {
    List<Long> batches = savedBatches();
    if (batches.isEmpty()) {
      return;
    }
    saved = batches.get(batches.size() - 1);
    Path latest = folder.resolve(Long.toString(saved));
    try {
      // A crash between saving a table and deleting the one before leaves both.
      for (long older : batches.subList(0, batches.size() - 1)) {
        Files.deleteIfExists(folder.resolve(Long.toString(older)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(latest)))) {
      table.readFrom(in);
    } catch (IOException e) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Checkpoint file " + latest + " is truncated or damaged: " + e.getMessage());
    }
  }

  private List<Long> savedBatches() {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.matches("[0-9]+"))
          .map(Long::parseLong)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
