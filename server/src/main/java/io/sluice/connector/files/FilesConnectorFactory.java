package io.sluice.connector.files;

import io.sluice.connector.FilesTableSource;
import io.sluice.connector.ProjectedSource;
import io.sluice.connector.sink.FilesSink;
import io.sluice.spi.changelog.ChangelogMode;
import io.sluice.spi.connector.ConnectorFactory;
import io.sluice.spi.connector.SinkInput;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.connector.StreamSource;
import java.util.Set;

/**
 * {@code 'connector' = 'files'}: a folder of files in a format, read as a stream (new files as they
 * land) or a table, and written by sinks exactly once (see {@link FilesSource}, {@link FilesSink}).
 */
public final class FilesConnectorFactory implements ConnectorFactory {
  @Override
  public String identifier() {
    return "files";
  }

  @Override
  public Set<String> options() {
    return Set.of(
        FilesSource.PATH_OPTION,
        FilesSource.MAX_FILES_PER_TRIGGER_OPTION,
        FilesSource.MAX_BYTES_PER_TRIGGER_OPTION,
        SourceContext.ON_ERROR_OPTION,
        FilesSink.ROLLING_MIN_ROWS_OPTION);
  }

  @Override
  public Set<String> pathOptions() {
    return Set.of(FilesSource.PATH_OPTION);
  }

  @Override
  public boolean usesFormat() {
    return true;
  }

  @Override
  public boolean isSource() {
    return true;
  }

  @Override
  public StreamSource createSource(SourceContext context) {
    return ProjectedSource.of(
        new FilesSource(context), context.columns().size(), context.projection());
  }

  @Override
  public boolean isTable() {
    return true;
  }

  /** The folder's files read whole, again whenever they change (see {@link FilesTableSource}). */
  @Override
  public StreamSource createTableSource(SourceContext context) {
    return ProjectedSource.of(
        new FilesTableSource(context), context.columns().size(), context.projection());
  }

  /**
   * Files hold rows as written: inserts, or the whole result table of each batch (which replaces
   * the previous batch's files). Files are never changed in place, so updates by key are refused.
   */
  @Override
  public Set<ChangelogMode> sinkChangelogModes() {
    return Set.of(ChangelogMode.INSERT_ONLY, ChangelogMode.COMPLETE);
  }

  @Override
  public StreamSink createSink(SourceContext context, SinkInput input) {
    return new FilesSink(context, input.name(), input.changelogMode().completeEachBatch());
  }
}
