package io.sluice.connector.http;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.connector.BadRecordHandler;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an HTTP stream's log like a topic: offsets are log positions, each batch the records
 * between two of them (at most {@value #MAX_BYTES_PER_BATCH} bytes when the query is behind),
 * decoded with the stream's format. Only records on disk are read, so a replay after a crash reads
 * the same records and the query's checkpoints make it exactly once.
 */
final class HttpLogSource implements StreamSource {
  private static final Logger LOG = LoggerFactory.getLogger(HttpLogSource.class);
  static final long MAX_BYTES_PER_BATCH = 16L << 20;

  private final StreamLog log;
  private final String relationName;
  private final List<ColumnType> types;
  private final RowDecoder decoder;
  private final BadRecordHandler badRecords;
  private final SourceMetrics metrics;
  private LogOffset initialOffset;

  HttpLogSource(StreamLog log, SourceContext context, RowDecoder decoder) {
    this.log = requireNonNull(log, "log is null");
    this.relationName = context.relationName();
    this.types = context.columns().stream().map(Column::type).toList();
    this.decoder = requireNonNull(decoder, "decoder is null");
    this.badRecords = new BadRecordHandler(context, LOG);
    this.metrics = context.metrics();
  }

  /** The log's start, or its end with {@code 'scan.startup.mode' = 'latest'}; fixed at first. */
  @Override
  public synchronized LogOffset initialOffset() {
    if (initialOffset == null) {
      initialOffset =
          new LogOffset(log.options().startAtEnd() ? log.durableEnd() : log.startPosition());
    }
    return initialOffset;
  }

  @Override
  public LogOffset latestOffset(SourceOffset start) {
    long from = ((LogOffset) start).position();
    return new LogOffset(Math.max(from, log.boundaryAfter(from, MAX_BYTES_PER_BATCH)));
  }

  /** Every post wakes {@link #awaitData}. */
  @Override
  public boolean signalsData() {
    return true;
  }

  /** Returns as soon as a post past {@code offset} is on disk: no polling. */
  @Override
  public void awaitData(SourceOffset offset, long maxWaitMillis) throws InterruptedException {
    log.awaitDurableBeyond(((LogOffset) offset).position(), maxWaitMillis);
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end) {
    long from = ((LogOffset) start).position();
    long to = ((LogOffset) end).position();
    if (from < log.startPosition()) {
      LOG.warn(
          "Stream '{}': records at log positions {} to {} were deleted by retention before this"
              + " query read them",
          relationName,
          from,
          log.startPosition());
    }
    BatchBuilder out = new BatchBuilder(types, 256);
    try {
      log.read(
          from,
          to,
          (position, record) -> {
            String text = new String(record, StandardCharsets.UTF_8);
            try {
              decoder.decode(text, out);
              out.endRow();
            } catch (BadRecordException e) {
              // checked when posted: only a changed format option gets here
              out.discardRow();
              badRecords.onBadRecord("log position " + position, text, e);
            }
          });
    } finally {
      badRecords.endRead();
    }
    Batch batch = out.build();
    metrics.recordRowsRead(batch.rowCount());
    return batch;
  }

  @Override
  public LogOffset parseOffset(String json) {
    return LogOffset.fromJson(json);
  }
}
