package io.sluice.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connector.http.IngestRefusedException;
import io.sluice.connector.http.IngestResult;
import io.sluice.connector.http.StreamIngestion;
import io.sluice.connector.http.StreamLogs;
import io.sluice.http.auth.AuthenticatedUser;
import io.sluice.server.session.Principal;
import io.sluice.server.session.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/streams/<name>}: records for an HTTP stream, newline-delimited (or a JSON
 * array). Who may post: a user with the writer role, or a client presenting the stream's {@code
 * http.token} as {@code Authorization: Bearer <token>} (without authentication, {@code sluice.auth
 * = none}, anyone on this machine). The answer, 200 with counts as JSON, comes once the accepted
 * records are on disk; 400 names a bad record (under {@code 'on-error' = 'fail'}, nothing of the
 * post is kept), 404 an unknown stream, 413 a body over {@code sluice.ingest.max-body-bytes}, 429
 * with {@code Retry-After} a log whose disk budget is full.
 */
public final class StreamIngestHandler extends AbstractHandler {
  /** The path prefix the stream's name follows. */
  public static final String PATH = "/api/streams/";

  private static final Logger LOG = LoggerFactory.getLogger(StreamIngestHandler.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final StreamIngestion ingestion;
  private final long maxBodyBytes;
  private final boolean authenticationRequired;
  private final RequestDeadlines deadlines;

  /**
   * @param authenticationRequired whether callers must authenticate ({@code sluice.auth = basic})
   */
  public StreamIngestHandler(
      StreamIngestion ingestion,
      long maxBodyBytes,
      boolean authenticationRequired,
      RequestDeadlines deadlines) {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("The body size limit must be positive");
    }
    this.ingestion = requireNonNull(ingestion, "ingestion is null");
    this.maxBodyBytes = maxBodyBytes;
    this.authenticationRequired = authenticationRequired;
    this.deadlines = requireNonNull(deadlines, "deadlines is null");
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    String stream = target.substring(PATH.length());
    Optional<String> refusal = CrossSiteRequests.recordsRefusal(request);
    if (refusal.isPresent()) {
      int status =
          refusal.get().startsWith("Cross-origin") ? HttpServletResponse.SC_FORBIDDEN : 415;
      HttpReplies.errorAndClose(response, status, refusal.get());
      return;
    }
    if (!authorized(stream, baseRequest, request, response)) {
      return;
    }
    if (stream.isEmpty() || stream.contains("/")) {
      HttpReplies.errorAndClose(
          response, HttpServletResponse.SC_NOT_FOUND, "Post records to " + PATH + "<stream>");
      return;
    }
    if (request.getContentLengthLong() > maxBodyBytes) {
      HttpReplies.errorAndClose(response, 413, tooLarge());
      return;
    }
    byte[] body = readBody(request.getInputStream());
    deadlines.received(baseRequest);
    if (body == null) {
      HttpReplies.errorAndClose(response, 413, tooLarge());
      return;
    }
    IngestResult result;
    try {
      result = ingestion.ingest(stream, body);
    } catch (IngestRefusedException e) {
      refuse(response, e);
      return;
    } catch (RuntimeException e) {
      LOG.error("Internal error taking records posted to stream '{}'", stream, e);
      HttpReplies.error(response, 500, "Internal server error");
      return;
    }
    ObjectNode json = MAPPER.createObjectNode();
    json.put("stream", result.stream());
    json.put("accepted", result.accepted());
    json.put("skipped", result.skipped());
    json.put("dead_lettered", result.deadLettered());
    json.put("log_end", result.logEnd());
    byte[] answer = (json + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(answer.length);
    response.getOutputStream().write(answer);
  }

  /**
   * Whether the caller may post to {@code stream}; answers 401 or 403 itself when not. A caller
   * that is refused learns nothing of which streams exist.
   */
  private boolean authorized(
      String stream, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!authenticationRequired) {
      return true;
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      if (ingestion.tokenAccepts(stream, authorization.substring(7).strip())) {
        return true;
      }
      challenge(response, "The token is not the one of stream '" + stream + "'");
      return false;
    }
    // the path is open to token holders, so user credentials are checked here (deferred)
    java.security.Principal user = baseRequest.getUserPrincipal();
    if (user instanceof AuthenticatedUser authenticated) {
      Principal principal = authenticated.principal();
      if (principal.role().includes(Role.WRITER)) {
        return true;
      }
      HttpReplies.errorAndClose(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "User '"
              + principal.name()
              + "' is a "
              + principal.role().word()
              + "; posting records needs the writer role or the stream's token");
      return false;
    }
    challenge(
        response,
        "Posting records needs a user with the writer role (HTTP Basic) or the stream's token"
            + " (Authorization: Bearer <token>)");
    return false;
  }

  private static void challenge(HttpServletResponse response, String message) throws IOException {
    response.setHeader("WWW-Authenticate", "Basic realm=\"Sluice\", charset=\"UTF-8\"");
    HttpReplies.errorAndClose(response, HttpServletResponse.SC_UNAUTHORIZED, message);
  }

  private static void refuse(HttpServletResponse response, IngestRefusedException e)
      throws IOException {
    switch (e.reason()) {
      case NOT_FOUND ->
          HttpReplies.error(response, HttpServletResponse.SC_NOT_FOUND, e.getMessage());
      case NOT_HTTP_STREAM, BAD_REQUEST ->
          HttpReplies.error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
      case LOG_FULL -> {
        response.setHeader("Retry-After", String.valueOf(StreamLogs.RETENTION_CHECK_SECONDS));
        HttpReplies.error(response, 429, e.getMessage());
      }
      case UNAVAILABLE -> {
        response.setHeader("Retry-After", "1");
        HttpReplies.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
      }
    }
  }

  /** The body, or null when it is larger than the limit. */
  private byte[] readBody(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    int read;
    while ((read = in.read(chunk)) >= 0) {
      if (body.size() + (long) read > maxBodyBytes) {
        return null;
      }
      body.write(chunk, 0, read);
    }
    return body.toByteArray();
  }

  private String tooLarge() {
    return "Request body larger than "
        + maxBodyBytes
        + " bytes (sluice.ingest.max-body-bytes): post fewer records at a time";
  }
}
