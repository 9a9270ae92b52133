package io.sluice.connector.http;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.connector.format.CsvFormatFactory;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.connector.BadRecordHandler;
import io.sluice.spi.connector.DeadLetters;
import io.sluice.spi.connector.OnErrorPolicy;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.type.Column;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the records clients post to an HTTP stream: splits the body into records, decodes each with
 * the stream's format so a bad one is found now, applies the stream's {@code on-error} (fail: the
 * whole post is refused naming the record and the reason; skip, dead-letter: it is counted and left
 * out), and appends the rest to the stream's log, answering only once they are on disk.
 */
public final class StreamIngestion {
  private static final Logger LOG = LoggerFactory.getLogger(StreamIngestion.class);

  private final StreamLogs logs;
  private final Function<String, Optional<RelationDefinition>> relations;
  private final DeadLetters deadLetters;
  private final java.nio.file.Path baseDirectory;

  /**
   * @param relations the catalog's relations by name
   * @param deadLetters the server's, for streams under {@code 'on-error' = 'dead-letter'}
   * @param baseDirectory what relative paths resolve against (unused by HTTP streams)
   */
  public StreamIngestion(
      StreamLogs logs,
      Function<String, Optional<RelationDefinition>> relations,
      DeadLetters deadLetters,
      java.nio.file.Path baseDirectory) {
    this.logs = requireNonNull(logs, "logs is null");
    this.relations = requireNonNull(relations, "relations is null");
    this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
    this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
  }

  /**
   * Whether {@code presented} is the {@code http.token} of HTTP stream {@code streamName}, compared
   * in constant time; false when the stream has no token or does not exist.
   */
  public boolean tokenAccepts(String streamName, String presented) {
    Optional<RelationDefinition> relation = httpStream(streamName);
    if (relation.isEmpty() || presented == null) {
      return false;
    }
    String token = relation.get().options().get(HttpStreamOptions.TOKEN_OPTION);
    if (token == null) {
      return false;
    }
    // digests first: equal lengths, so not even the token's length leaks through timing
    return MessageDigest.isEqual(sha256(token), sha256(presented));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private Optional<RelationDefinition> httpStream(String streamName) {
    return relations
        .apply(streamName)
        .filter(r -> r.kind() == RelationKind.STREAM)
        .filter(r -> r.connector().trim().equalsIgnoreCase(HttpConnectorFactory.IDENTIFIER));
  }

  /**
   * Appends the records of {@code body} to stream {@code streamName}'s log and returns once they
   * are on disk.
   *
   * @throws IngestRefusedException when nothing was appended, with the reason
   */
  public IngestResult ingest(String streamName, byte[] body) throws IngestRefusedException {
    RelationDefinition relation =
        relations
            .apply(streamName)
            .orElseThrow(
                () ->
                    new IngestRefusedException(
                        IngestRefusedException.Reason.NOT_FOUND, "No stream '" + streamName + "'"));
    if (relation.kind() != RelationKind.STREAM
        || !relation.connector().trim().equalsIgnoreCase(HttpConnectorFactory.IDENTIFIER)) {
      throw new IngestRefusedException(
          IngestRefusedException.Reason.NOT_HTTP_STREAM,
          (relation.kind() == RelationKind.STREAM
                  ? "Stream '" + relation.name() + "' has connector '" + relation.connector() + "'"
                  : "'"
                      + relation.name()
                      + "' is a "
                      + relation.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '))
              + "; only streams with 'connector' = 'http' take posted records");
    }
    SourceContext context =
        new SourceContext(
            relation.name(),
            relation.columns(),
            relation.options(),
            baseDirectory,
            new SourceMetrics(),
            deadLetters);
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IngestRefusedException(
          IngestRefusedException.Reason.BAD_REQUEST, "The body is not valid UTF-8 text");
    }
    String format = relation.options().getOrDefault("format", "").trim().toLowerCase(Locale.ROOT);
    boolean header =
        format.equals("csv")
            && "true"
                .equalsIgnoreCase(
                    relation.options().getOrDefault(CsvFormatFactory.HEADER_OPTION, "").trim());
    List<PostedRecords.Posted> posted;
    try {
      posted = PostedRecords.split(text, format.equals("json"), header);
    } catch (IllegalArgumentException e) {
      throw new IngestRefusedException(
          IngestRefusedException.Reason.BAD_REQUEST, e.getMessage(), e);
    }
    RowDecoder decoder = HttpConnectorFactory.decoder(context);
    OnErrorPolicy policy = context.onErrorPolicy();
    BatchBuilder rows =
        new BatchBuilder(relation.columns().stream().map(Column::type).toList(), 16);
    List<byte[]> good = new ArrayList<>(posted.size());
    List<PostedRecords.Posted> bad = new ArrayList<>();
    List<BadRecordException> errors = new ArrayList<>();
    for (PostedRecords.Posted record : posted) {
      try {
        decoder.decode(record.text(), rows);
        rows.endRow();
        good.add(record.text().getBytes(StandardCharsets.UTF_8));
      } catch (BadRecordException e) {
        rows.discardRow();
        if (policy == OnErrorPolicy.FAIL) {
          throw new IngestRefusedException(
              IngestRefusedException.Reason.BAD_REQUEST,
              "Bad record in '"
                  + relation.name()
                  + "', "
                  + record.position()
                  + ": "
                  + e.getMessage()
                  + "; nothing of this request was accepted ('on-error' = 'fail')");
        }
        bad.add(record);
        errors.add(e);
      }
      if (rows.rowCount() >= 1024) {
        rows.build();
      }
    }
    long end;
    try {
      end = logs.log(context).append(good);
    } catch (LogFullException e) {
      throw new IngestRefusedException(IngestRefusedException.Reason.LOG_FULL, e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      LOG.error("Cannot append to the log of stream '{}'", relation.name(), e);
      throw new IngestRefusedException(
          IngestRefusedException.Reason.UNAVAILABLE,
          "Cannot write the log of stream '" + relation.name() + "': " + e.getMessage(),
          e);
    }
    // once the good ones are kept: a refused post dead-letters nothing
    BadRecordHandler handler = new BadRecordHandler(context, LOG);
    try {
      for (int i = 0; i < bad.size(); i++) {
        handler.onBadRecord("posted " + bad.get(i).position(), bad.get(i).text(), errors.get(i));
      }
    } catch (SourceReadException e) {
      throw new IllegalStateException("on-error = fail was handled before", e);
    } finally {
      handler.endRead();
    }
    boolean deadLetter = policy == OnErrorPolicy.DEAD_LETTER;
    return new IngestResult(
        relation.name(),
        good.size(),
        deadLetter ? 0 : bad.size(),
        deadLetter ? bad.size() : 0,
        end);
  }
}
