package io.sluice.launcher;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.sluice.http.NetworkExposure;
import io.sluice.http.SluiceHttpCustomizer;
import io.sluice.http.TlsKeyStore;
import io.sluice.http.auth.UsersLoginService;
import io.sluice.http.metrics.SluiceMetrics;
import io.sluice.jdbc.AvaticaEndpoint;
import io.sluice.jdbc.SluiceMeta;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.CurrentPrincipal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.server.HttpServer;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind an Avatica HTTP endpoint (protobuf) and the web UI on the same port, as {@code
 * bin/sluice server} runs it: on {@code sluice.bind-address}, over HTTPS when a key store is set,
 * with authentication when {@code sluice.auth = basic}.
 */
public final class SluiceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

  private final SluiceEngine engine;
  private final HttpServer http;
  private final SluiceMetrics metrics;
  private final boolean tls;
  private final String host;

  private SluiceServer(
      SluiceEngine engine, HttpServer http, SluiceMetrics metrics, boolean tls, String host) {
    this.engine = requireNonNull(engine, "engine is null");
    this.http = requireNonNull(http, "http is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.tls = tls;
    this.host = requireNonNull(host, "host is null");
  }

  /**
   * Starts the engine and the endpoint; port 0 picks a free port. Refuses settings that are unsafe
   * or broken (no authentication off loopback, an unreadable key store or users file) before
   * starting anything.
   */
  public static SluiceServer start(SluiceConfig config) {
    NetworkExposure.check(config);
    Optional<Path> keystore = config.tlsKeystore();
    keystore.ifPresent(file -> TlsKeyStore.check(file, config.tlsKeystorePassword()));
    Optional<UsersLoginService> logins =
        config.authenticationRequired()
            ? Optional.of(new UsersLoginService(config.usersFile()))
            : Optional.empty();
    SluiceEngine engine = new SluiceEngine(config);
    SluiceMetrics metrics = new SluiceMetrics(engine.queries());
    HttpServer http;
    try {
      SluiceMeta meta =
          new SluiceMeta(
              engine,
              () ->
                  CurrentPrincipal.get()
                      .orElseThrow(
                          () -> new IllegalStateException("A JDBC request without a principal")));
      // one endpoint for protobuf and JSON clients
      AvaticaEndpoint avatica = AvaticaEndpoint.of(meta, config.fetchKeepAlive());
      Gauge.builder("sluice.jdbc.fetches.waiting", meta, SluiceMeta::waitingFetches)
          .description("JDBC requests waiting now for a push query's rows")
          .register(metrics.registry());
      HttpServer.Builder<Server> builder =
          new HttpServer.Builder<Server>()
              .withHandler(avatica)
              .withServerCustomizers(
                  List.of(
                      new SluiceHttpCustomizer(
                          config, avatica, engine.queries(), metrics, logins, engine.ingestion())),
                  Server.class)
              .withPort(config.port());
      keystore.ifPresent(
          file ->
              // the key store doubles as trust store: Jetty wants one, no client presents a cert
              builder.withTLS(
                  file.toFile(),
                  config.tlsKeystorePassword(),
                  file.toFile(),
                  config.tlsKeystorePassword(),
                  "PKCS12"));
      http = builder.build();
      http.start();
    } catch (RuntimeException e) {
      metrics.close();
      engine.close();
      throw e;
    }
    SluiceServer server =
        new SluiceServer(
            engine, http, metrics, keystore.isPresent(), clientHost(config.bindAddress()));
    LOG.info(
        "Sluice listening on {}:{} ({}, authentication {}; web UI at {}, data directory {})",
        config.bindAddress(),
        http.getPort(),
        keystore.isPresent() ? "HTTPS" : "HTTP",
        config.authenticationRequired() ? "basic" : "none",
        server.webUrl(),
        config.dataDirectory());
    return server;
  }

  /** The host clients on this machine reach a server listening on {@code bind} by. */
  private static String clientHost(String bind) {
    try {
      InetAddress address = InetAddress.getByName(bind);
      if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
        return "localhost";
      }
    } catch (UnknownHostException e) {
      // NetworkExposure resolved it already; keep the name
    }
    return bind.contains(":") ? "[" + bind + "]" : bind;
  }

  public int port() {
    return http.getPort();
  }

  public SluiceEngine engine() {
    return engine;
  }

  public SluiceMetrics metrics() {
    return metrics;
  }

  /** The remote JDBC URL of this server for the Sluice driver. */
  public String jdbcUrl() {
    return "jdbc:sluice://" + host + ":" + port() + (tls ? "?tls=true" : "");
  }

  /** The web UI's address; the JDBC endpoint and {@code /metrics} share it. */
  public String webUrl() {
    return (tls ? "https" : "http") + "://" + host + ":" + port() + "/";
  }

  public void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() {
    http.stop();
    metrics.close();
    engine.close();
  }
}
