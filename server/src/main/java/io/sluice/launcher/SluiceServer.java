package io.sluice.launcher;

import static java.util.Objects.requireNonNull;

import io.sluice.http.WebUiCustomizer;
import io.sluice.http.WebUiHandler;
import io.sluice.jdbc.AvaticaEndpoint;
import io.sluice.jdbc.SluiceMeta;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import java.util.List;
import org.apache.calcite.avatica.server.HttpServer;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind an Avatica HTTP endpoint (protobuf) and the web UI on the same port, as {@code
 * bin/sluice server} runs it.
 */
public final class SluiceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

  private final SluiceEngine engine;
  private final HttpServer http;

  private SluiceServer(SluiceEngine engine, HttpServer http) {
    this.engine = requireNonNull(engine, "engine is null");
    this.http = requireNonNull(http, "http is null");
  }

  /** Starts the engine and the endpoint; port 0 picks a free port. */
  public static SluiceServer start(SluiceConfig config) {
    SluiceEngine engine = new SluiceEngine(config);
    HttpServer http;
    try {
      http =
          new HttpServer.Builder<Server>()
              .withHandler(AvaticaEndpoint.of(new SluiceMeta(engine)))
              .withServerCustomizers(
                  List.of(new WebUiCustomizer(new WebUiHandler(engine.queries()))), Server.class)
              .withPort(config.port())
              .build();
      http.start();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    LOG.info(
        "Sluice listening on port {} (web UI at http://localhost:{}/, data directory {})",
        http.getPort(),
        http.getPort(),
        config.dataDirectory());
    return new SluiceServer(engine, http);
  }

  public int port() {
    return http.getPort();
  }

  public SluiceEngine engine() {
    return engine;
  }

  /** The remote JDBC URL of this server for the Sluice driver. */
  public String jdbcUrl() {
    return "jdbc:sluice://localhost:" + port();
  }

  public void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() {
    http.stop();
    engine.close();
  }
}
