package io.sluice.http;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.http.StreamIngestion;
import io.sluice.exec.driver.QueryManager;
import io.sluice.http.auth.LoginThrottle;
import io.sluice.http.auth.LoginThrottleHandler;
import io.sluice.http.auth.UsersLoginService;
import io.sluice.http.metrics.HttpMetrics;
import io.sluice.http.metrics.SluiceMetrics;
import io.sluice.server.config.SluiceConfig;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.security.ConstraintMapping;
import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.eclipse.jetty.util.security.Constraint;

/**
 * Arranges the Jetty server Avatica's {@code HttpServer} built, before it starts: the connector
 * listens on {@code sluice.bind-address} with the request deadlines, every request passes
 * authentication (HTTP Basic against the users file, slowed per address after failures) or, without
 * it, the loopback host check; then the router sends it to the JDBC endpoint, the web UI or {@code
 * /metrics}. Jetty's error page is replaced by plain messages.
 */
public final class SluiceHttpCustomizer implements ServerCustomizer<Server> {
  private final SluiceConfig config;
  private final Handler avatica;
  private final QueryManager queries;
  private final SluiceMetrics metrics;
  private final Optional<UsersLoginService> logins;
  private final StreamIngestion ingestion;

  /**
   * @param avatica Avatica's handler of the JDBC protocol
   * @param logins the users to authenticate, or empty to authenticate no one ({@code sluice.auth =
   *     none})
   */
  public SluiceHttpCustomizer(
      SluiceConfig config,
      Handler avatica,
      QueryManager queries,
      SluiceMetrics metrics,
      Optional<UsersLoginService> logins,
      StreamIngestion ingestion) {
    this.ingestion = requireNonNull(ingestion, "ingestion is null");
    this.config = requireNonNull(config, "config is null");
    this.avatica = requireNonNull(avatica, "avatica is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.logins = requireNonNull(logins, "logins is null");
    if (logins.isPresent() != config.authenticationRequired()) {
      throw new IllegalArgumentException(
          "Users to authenticate are given if and only if " + SluiceConfig.AUTH + " = basic");
    }
  }

  @Override
  public void customize(Server server) {
    Connector[] connectors = server.getConnectors();
    if (connectors.length != 1 || !(connectors[0] instanceof ServerConnector)) {
      throw new IllegalStateException(
          "Expected Avatica's HttpServer to configure one ServerConnector, found "
              + List.of(connectors));
    }
    ServerConnector connector = (ServerConnector) connectors[0];
    connector.setHost(config.bindAddress());
    // Jetty closes connections idle this long; a request being worked on is not idle
    connector.setIdleTimeout(config.requestTimeout().toMillis());
    HttpConfiguration http =
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // dispatch on the headers: size, origin and credentials are checked before any body arrives,
    // and the JDBC endpoint reads bodies without holding a thread anyway
    http.setDelayDispatchUntilContent(false);
    if (connector.getConnectionFactory(SslConnectionFactory.class) != null) {
      // requests over TLS report scheme https (the same-origin check compares it)
      http.addCustomizer(new SecureRequestCustomizer());
    }
    RequestDeadlines deadlines = new RequestDeadlines(config.requestTimeout());
    connector.addBean(deadlines);
    connector.addBean(
        new HttpMetrics(metrics.registry(), deadlines::openConnections, server.getThreadPool()));

    RequestRouter router =
        new RequestRouter(
            new JdbcEndpointHandler(avatica, config.maxRequestBytes(), deadlines),
            new StreamIngestHandler(
                ingestion, config.maxIngestBodyBytes(), config.authenticationRequired(), deadlines),
            new WebUiHandler(queries),
            metrics,
            deadlines);
    HandlerWrapper front;
    if (logins.isEmpty()) {
      front = new LoopbackHostHandler();
      front.setHandler(router);
    } else {
      ConstraintSecurityHandler security = basicAuthentication(logins.get());
      security.setHandler(router);
      front = new LoginThrottleHandler(new LoginThrottle());
      front.setHandler(security);
    }
    server.setErrorHandler(new PlainErrorHandler());
    server.setHandler(front);
  }

  /** Every path needs an authenticated user; which statements a user may run is the engine's. */
  private static ConstraintSecurityHandler basicAuthentication(UsersLoginService logins) {
    Constraint constraint = new Constraint(Constraint.__BASIC_AUTH, Constraint.ANY_AUTH);
    constraint.setAuthenticate(true);
    ConstraintMapping mapping = new ConstraintMapping();
    mapping.setPathSpec("/*");
    mapping.setConstraint(constraint);
    // posts of records may carry a stream's token instead: StreamIngestHandler checks either
    Constraint open = new Constraint();
    open.setAuthenticate(false);
    ConstraintMapping ingest = new ConstraintMapping();
    ingest.setPathSpec(StreamIngestHandler.PATH + "*");
    ingest.setConstraint(open);
    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setAuthenticator(new BasicAuthenticator());
    security.setLoginService(logins);
    security.setRealmName(logins.getName());
    security.setConstraintMappings(List.of(mapping, ingest));
    return security;
  }
}
