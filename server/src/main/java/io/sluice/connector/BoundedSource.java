package io.sluice.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.type.ColumnType;
import java.util.List;
import java.util.function.Supplier;

/**
 * A bounded relation (a static table, a system table) as a source: all its rows in the first batch,
 * read when the query reads them, then nothing more.
 */
public final class BoundedSource implements StreamSource {
  private static final SourceOffset UNREAD = () -> "\"unread\"";
  private static final SourceOffset READ = () -> "\"read\"";

  private final List<ColumnType> types;
  private final Supplier<Batch> reader;

  public BoundedSource(List<ColumnType> types, Supplier<Batch> reader) {
    this.types = List.copyOf(types);
    this.reader = requireNonNull(reader, "reader is null");
  }

  @Override
  public SourceOffset initialOffset() {
    return UNREAD;
  }

  @Override
  public SourceOffset latestOffset(SourceOffset start) {
    return READ;
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end) {
    return start.toJson().equals(end.toJson()) ? Batch.empty(types) : reader.get();
  }

  @Override
  public boolean restartsFromScratch() {
    return true;
  }

  @Override
  public SourceOffset parseOffset(String json) {
    return json.equals(UNREAD.toJson()) ? UNREAD : READ;
  }

  @Override
  public boolean isExhausted(SourceOffset offset) {
    return offset.toJson().equals(READ.toJson());
  }
}
