package io.sluice.connector.http;

import io.sluice.spi.connector.ConnectorFactory;
import io.sluice.spi.connector.Connectors;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.format.RowDecoder;
import java.util.Set;

/**
 * {@code 'connector' = 'http'}: a stream clients post records to ({@code POST
 * /api/streams/<name>}), kept in a log in the data directory that queries read like a topic. Its
 * sources need the server's logs ({@link StreamLogs#source}), so the server opens them itself; this
 * factory declares the options and checks them.
 */
public final class HttpConnectorFactory implements ConnectorFactory {
  public static final String IDENTIFIER = "http";

  @Override
  public String identifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<String> options() {
    return Set.of(
        HttpStreamOptions.TOKEN_OPTION,
        HttpStreamOptions.SEGMENT_BYTES_OPTION,
        HttpStreamOptions.RETENTION_OPTION,
        HttpStreamOptions.RETENTION_BYTES_OPTION,
        HttpStreamOptions.MAX_BYTES_OPTION,
        HttpStreamOptions.STARTUP_MODE_OPTION,
        SourceContext.ON_ERROR_OPTION);
  }

  @Override
  public boolean usesFormat() {
    return true;
  }

  @Override
  public boolean isSource() {
    return true;
  }

  /**
   * Checks a stream's options and format without opening its log.
   *
   * @throws IllegalArgumentException naming the option and the stream
   */
  public static void check(SourceContext context) {
    Connectors.checkOptions(context.relationName(), context.options(), Connectors.STREAM_OPTIONS);
    HttpStreamOptions.of(context);
    decoder(context);
    context.onErrorPolicy();
  }

  /** Its sources read the server's logs: {@link StreamLogs#source} opens them. */
  @Override
  public StreamSource createSource(SourceContext context) {
    throw new IllegalStateException(
        "The log of HTTP stream '" + context.relationName() + "' is opened by the server");
  }

  /** The decoder of the stream's records (a JSON object, a CSV line), from its format. */
  static RowDecoder decoder(SourceContext context) {
    FormatContext format =
        new FormatContext(context.relationName(), context.columns(), context.options());
    return Connectors.codec(
        context.relationName(),
        context.options(),
        "decode records posted over HTTP",
        f -> f.textDecoder(format));
  }
}
