package io.sluice.http;

import static java.util.Objects.requireNonNull;

import io.sluice.http.metrics.SluiceMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;

/**
 * Behind authentication, sends each request where it goes: POSTs to {@code /api/streams/<name>} to
 * the stream ingestion, other POSTs (the JDBC protocol, whatever the path but {@code /api}) to the
 * JDBC endpoint, GETs to the web UI, its read-only API or {@code /metrics}. Other methods, and any
 * but GET under {@code /api}, get 405: nothing but the JDBC protocol changes anything.
 */
public final class RequestRouter extends AbstractHandler {
  private static final String API = "/api";

  private final JdbcEndpointHandler jdbc;
  private final WebUiHandler webUi;
  private final SluiceMetrics metrics;
  private final RequestDeadlines deadlines;
  private final StreamIngestHandler ingest;

  public RequestRouter(
      JdbcEndpointHandler jdbc,
      StreamIngestHandler ingest,
      WebUiHandler webUi,
      SluiceMetrics metrics,
      RequestDeadlines deadlines) {
    this.jdbc = requireNonNull(jdbc, "jdbc is null");
    this.ingest = requireNonNull(ingest, "ingest is null");
    this.webUi = requireNonNull(webUi, "webUi is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.deadlines = requireNonNull(deadlines, "deadlines is null");
    addBean(jdbc);
    addBean(ingest);
    addBean(webUi);
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String method = request.getMethod();
    if (target.startsWith(StreamIngestHandler.PATH)) {
      if (method.equals("POST")) {
        ingest.handle(target, baseRequest, request, response);
        return;
      }
      // the path is open to token holders: nothing but posting records is served under it
      baseRequest.setHandled(true);
      response.setHeader("Allow", "POST");
      HttpReplies.errorAndClose(
          response,
          HttpServletResponse.SC_METHOD_NOT_ALLOWED,
          method + " is not allowed: POST records to " + StreamIngestHandler.PATH + "<stream>");
      return;
    }
    boolean api = target.equals(API) || target.startsWith(API + "/");
    if (method.equals("POST") && !api) {
      jdbc.handle(target, baseRequest, request, response);
      return;
    }
    baseRequest.setHandled(true);
    deadlines.received(baseRequest);
    if (api && !method.equals("GET") && !method.equals("HEAD")) {
      // the web UI's API only reads: a JDBC request sent here must not run under its name. The
      // body is left unread, so the connection closes (and says so: a client must not reuse it)
      response.setHeader("Allow", "GET, HEAD");
      HttpReplies.errorAndClose(
          response,
          HttpServletResponse.SC_METHOD_NOT_ALLOWED,
          method + " is not allowed: the web UI's API under " + API + " is read-only");
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.setHeader("Allow", "GET, HEAD, POST");
      HttpReplies.errorAndClose(
          response,
          HttpServletResponse.SC_METHOD_NOT_ALLOWED,
          method + " is not allowed: GET reads the web UI, its API and /metrics; JDBC POSTs");
      return;
    }
    if (target.equals("/metrics")) {
      byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      response.setStatus(HttpServletResponse.SC_OK);
      response.setContentType(SluiceMetrics.CONTENT_TYPE);
      response.setHeader("Cache-Control", "no-store");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      return;
    }
    webUi.handle(target, baseRequest, request, response);
  }
}
