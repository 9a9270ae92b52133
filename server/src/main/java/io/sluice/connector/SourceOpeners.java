package io.sluice.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.connector.files.FilesSource;
import io.sluice.exec.driver.SourceOpener;
import java.nio.file.Path;

/** Opens the source of a catalog relation: streams through their connector, tables read once. */
public final class SourceOpeners implements SourceOpener {
  private final Path baseDirectory;

  public SourceOpeners(Path baseDirectory) {
    this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
  }

  @Override public StreamSource open(RelationDefinition relation, SourceMetrics metrics) {
    SourceContext context = context(relation, baseDirectory, metrics);
    if (relation.kind() == RelationKind.TABLE) {
      return new TableSource(context);
    }
    return SourceFactory.create(context);
  }

  /** Checks a relation's WITH options at CREATE time, so mistakes surface before any query. */
  public static void validate(RelationDefinition relation, Path baseDirectory) {
    SourceContext context = context(relation, baseDirectory, new SourceMetrics());
    if (relation.kind() == RelationKind.TABLE && !relation.connector().equals("files")) {
      throw new IllegalArgumentException("Table '" + relation.name() + "' uses connector '"
          + relation.connector() + "'; tables support connector 'files'");
    }
    SourceFactory.create(context).close();
  }

  private static SourceContext context(RelationDefinition relation, Path baseDirectory,
      SourceMetrics metrics) {
    return new SourceContext(relation.name(), relation.columns(), relation.options(),
        baseDirectory, metrics);
  }

  /** A bounded table as a source: all its rows in the first batch, then nothing. */
  private static final class TableSource implements StreamSource {
    private static final SourceOffset UNREAD = () -> "\"unread\"";
    private static final SourceOffset READ = () -> "\"read\"";

    private final SourceContext context;

    TableSource(SourceContext context) {
      this.context = context;
    }

    @Override public SourceOffset initialOffset() {
      return UNREAD;
    }

    @Override public SourceOffset latestOffset(SourceOffset start) {
      return READ;
    }

    @Override public io.sluice.exec.batch.Batch read(SourceOffset start, SourceOffset end) {
      if (start.toJson().equals(end.toJson())) {
        return io.sluice.exec.batch.Batch.empty(
            context.columns().stream().map(c -> c.type()).toList());
      }
      return FilesSource.readAll(context);
    }

    @Override public SourceOffset parseOffset(String json) {
      return json.contains("unread") ? UNREAD : READ;
    }

    @Override public boolean isExhausted(SourceOffset offset) {
      return offset.toJson().equals(READ.toJson());
    }
  }
}
