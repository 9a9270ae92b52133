package io.sluice.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.files.FilesSource;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.type.Column;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A static table over files as a source. Its offset is a fingerprint of the files (names, sizes,
 * modification times): when the files change, the next batch delivers the table's whole new
 * content, which is how a stream–table join sees an updated table.
 */
public final class FilesTableSource implements StreamSource {
  private final SourceContext context;
  private final Path path;

  public FilesTableSource(SourceContext context) {
    this.context = requireNonNull(context, "context is null");
    this.path = context.workingDirectory().resolve(context.requiredOption("path")).normalize();
  }

  /** Offset of a table: the fingerprint of the files it was read from. */
  private record Fingerprint(String value) implements SourceOffset {
    @Override
    public String toJson() {
      return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }

  @Override
  public SourceOffset initialOffset() {
    return new Fingerprint("");
  }

  @Override
  public SourceOffset latestOffset(SourceOffset start) {
    StringBuilder fingerprint = new StringBuilder("v1");
    try (Stream<Path> files = Files.isDirectory(path) ? Files.list(path) : Stream.of(path)) {
      files
          .filter(Files::isRegularFile)
          .filter(
              file ->
                  !file.getFileName().toString().startsWith(".")
                      && !file.getFileName().toString().startsWith("_"))
          .sorted()
          .forEach(
              file -> {
                try {
                  fingerprint
                      .append('|')
                      .append(file.getFileName())
                      .append(':')
                      .append(Files.size(file))
                      .append(':')
                      .append(Files.getLastModifiedTime(file).toMillis());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      throw new SourceReadException(
          "Cannot list files of table '"
              + context.relationName()
              + "' at "
              + path
              + ": "
              + e.getMessage(),
          e);
    }
    return new Fingerprint(fingerprint.toString());
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end) {
    if (start.toJson().equals(end.toJson())) {
      return Batch.empty(context.columns().stream().map(Column::type).toList());
    }
    return FilesSource.readAll(context);
  }

  @Override
  public boolean restartsFromScratch() {
    return true;
  }

  @Override
  public SourceOffset parseOffset(String json) {
    String inner = json.substring(1, json.length() - 1);
    return new Fingerprint(inner.replace("\\\"", "\"").replace("\\\\", "\\"));
  }
}
