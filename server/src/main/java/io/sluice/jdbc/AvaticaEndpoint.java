package io.sluice.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.metrics.MetricsSystem;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.AbstractAvaticaHandler;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avatica's HTTP endpoint in both serializations: a request is JSON when its content type says so
 * or its body is a JSON object (the stock Avatica driver sends {@code application/octet-stream} for
 * both), protobuf otherwise, and is answered in the same one. Avatica's own handlers translate the
 * messages; this one owns what goes wrong: a request that cannot be decoded gets 400 and an error
 * naming what is malformed, a failing one gets Avatica's error response (500, which Avatica clients
 * read) with the server's message, SQLSTATE and code, and never a stack trace. A request that waits
 * for a push query's rows is kept alive meanwhile ({@link WaitingResponse}): its answer then
 * follows keep-alive bytes in a 200 response, and a client that went away gets none.
 */
public final class AvaticaEndpoint extends AbstractAvaticaHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AvaticaEndpoint.class);
  private static final String PROTOBUF_CONTENT_TYPE = "application/octet-stream";
  private static final String JSON_CONTENT_TYPE = "application/json;charset=utf-8";

  private static final Map<Class<?>, Method> APPLY = new ConcurrentHashMap<>();

  private final Service service;
  private final ProtobufTranslation protobuf = new ProtobufTranslationImpl();
  private final ResponseAnnotator annotator;
  private final Duration keepAlive;
  private volatile Service.RpcMetadataResponse metadata;

  /**
   * @param annotator adds what Avatica's messages have no field for (statement warnings) to
   *     protobuf responses
   * @param keepAlive how long a response waiting for a push query's rows stays silent before the
   *     server sends a keep-alive byte ({@link WaitingResponse})
   */
  public AvaticaEndpoint(Service service, ResponseAnnotator annotator, Duration keepAlive) {
    this.service = requireNonNull(service, "service is null");
    this.annotator = requireNonNull(annotator, "annotator is null");
    this.keepAlive = requireNonNull(keepAlive, "keepAlive is null");
    if (keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("The keep-alive interval must be positive: " + keepAlive);
    }
  }

  /**
   * Avatica's endpoint for {@code meta}; its protobuf responses carry REAL values for every client
   * and statement warnings for the Sluice driver; responses waiting for rows send a keep-alive byte
   * every {@code keepAlive}.
   */
  public static AvaticaEndpoint of(SluiceMeta meta, Duration keepAlive) {
    ResponseAnnotator reals = new ProtobufReals(meta);
    ResponseAnnotator warnings = new StatementWarnings(meta);
    return new AvaticaEndpoint(
        new org.apache.calcite.avatica.remote.LocalService(meta),
        (request, response) -> warnings.annotate(request, reals.annotate(request, response)),
        keepAlive);
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      return;
    }
    baseRequest.setHandled(true);
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readAllBytes();
    }
    boolean json = isJson(request.getContentType(), body);
    Service.Request decoded;
    try {
      decoded = json ? decodeJson(body) : protobuf.parseRequest(body);
    } catch (IOException | RuntimeException e) {
      String message = malformed(json, e);
      LOG.debug("Refused a malformed request from {}: {}", request.getRemoteAddr(), message);
      reply(response, json, HttpServletResponse.SC_BAD_REQUEST, malformedRequest(message), null);
      return;
    }
    Service.Response answer;
    int status = HttpServletResponse.SC_OK;
    WaitingResponse waiting =
        new WaitingResponse(
            response, json, json ? JSON_CONTENT_TYPE : PROTOBUF_CONTENT_TYPE, keepAlive);
    try {
      answer = waiting.during(() -> apply(decoded));
    } catch (RuntimeException e) {
      if (find(e, ClientGoneException.class) != null) {
        LOG.debug("{} went away while its request waited for rows", request.getRemoteAddr());
        return;
      }
      answer = error(e);
      status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
    if (waiting.committed()) {
      // the status (200) and headers went out with the keep-alive bytes; the answer follows them
      writeBody(response, answer, json, decoded);
    } else {
      reply(response, json, status, answer, decoded);
    }
  }

  /**
   * The service's answer to {@code request}: its {@code apply} overload for the request's class
   * (Avatica's own dispatch, {@code Request.accept}, is not public).
   */
  private Service.Response apply(Service.Request request) {
    Method method =
        APPLY.computeIfAbsent(
            request.getClass(),
            type -> {
              try {
                return Service.class.getMethod("apply", type);
              } catch (NoSuchMethodException e) {
                throw new IllegalStateException(
                    "Avatica's Service has no method for " + type.getSimpleName(), e);
              }
            });
    try {
      return (Service.Response) method.invoke(service, request);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private void reply(
      HttpServletResponse response,
      boolean json,
      int status,
      Service.Response answer,
      Service.Request request)
      throws IOException {
    byte[] bytes = serialize(answer, json, request);
    response.setStatus(status);
    response.setContentType(json ? JSON_CONTENT_TYPE : PROTOBUF_CONTENT_TYPE);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The answer after keep-alive bytes; a client gone by now gets nothing. */
  private void writeBody(
      HttpServletResponse response, Service.Response answer, boolean json, Service.Request request)
      throws IOException {
    byte[] bytes = serialize(answer, json, request);
    try {
      response.getOutputStream().write(bytes);
    } catch (IOException e) {
      LOG.debug("The client went away before its answer was written", e);
    }
  }

  private byte[] serialize(Service.Response answer, boolean json, Service.Request request)
      throws IOException {
    if (json) {
      return JsonService.MAPPER.writeValueAsBytes(answer);
    }
    byte[] bytes = protobuf.serializeResponse(answer);
    return request == null ? bytes : annotator.annotate(request, bytes);
  }

  /** JSON by content type, or by a body that opens a JSON object (a protobuf one cannot). */
  static boolean isJson(String contentType, byte[] body) {
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
      return true;
    }
    for (byte b : body) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        continue;
      }
      return b == '{';
    }
    return false;
  }

  private static Service.Request decodeJson(byte[] body) throws IOException {
    Service.Request request = JsonService.MAPPER.readValue(body, Service.Request.class);
    if (request == null) {
      throw new IOException("the body holds no request");
    }
    return request;
  }

  private static String malformed(boolean json, Throwable e) {
    String detail;
    if (e instanceof JsonProcessingException) {
      detail = ((JsonProcessingException) e).getOriginalMessage();
    } else if (e instanceof InvalidProtocolBufferException) {
      detail = "not a protobuf message (" + e.getMessage() + ")";
    } else {
      detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return "Malformed Avatica "
        + (json ? "JSON" : "protobuf")
        + " request: "
        + detail
        + (json ? "" : " (JSON requests need a body starting with '{')");
  }

  private Service.ErrorResponse malformedRequest(String message) {
    return new Service.ErrorResponse(
        List.of(),
        message,
        Service.ErrorResponse.UNKNOWN_ERROR_CODE,
        "08P01",
        AvaticaSeverity.ERROR,
        metadata);
  }

  /** The error response for a request that failed: the server's message, no stack trace. */
  private Service.ErrorResponse error(RuntimeException e) {
    AvaticaRuntimeException known = find(e, AvaticaRuntimeException.class);
    if (known != null) {
      return new Service.ErrorResponse(
          List.of(),
          known.getErrorMessage(),
          known.getErrorCode(),
          known.getSqlState(),
          known.getSeverity(),
          metadata);
    }
    NoSuchConnectionException missing = find(e, NoSuchConnectionException.class);
    if (missing != null) {
      return new Service.ErrorResponse(
          List.of(),
          "Connection '" + missing.getConnectionId() + "' is not open",
          Service.ErrorResponse.MISSING_CONNECTION_ERROR_CODE,
          "08003",
          AvaticaSeverity.ERROR,
          metadata);
    }
    LOG.error("Internal error answering an Avatica request", e);
    return new Service.ErrorResponse(
        List.of(),
        "Internal error: "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
        Service.ErrorResponse.UNKNOWN_ERROR_CODE,
        "XX000",
        AvaticaSeverity.ERROR,
        metadata);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  @Override
  public void setServerRpcMetadata(Service.RpcMetadataResponse metadata) {
    this.metadata = metadata;
    service.setRpcMetadata(metadata);
  }

  @Override
  public MetricsSystem getMetrics() {
    return NoopMetricsSystem.getInstance();
  }

  /** Adds to a serialized protobuf response what Avatica's message types have no field for. */
  public interface ResponseAnnotator {
    /** {@code response} as it is, or with fields Avatica's clients skip as unknown. */
    byte[] annotate(Service.Request request, byte[] response) throws IOException;
  }
}
