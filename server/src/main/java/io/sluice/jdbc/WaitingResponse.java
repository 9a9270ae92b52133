package io.sluice.jdbc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServletResponse;

/**
 * The HTTP response of a request that waits for a push query's rows, kept alive while it waits.
 *
 * <p>A fetch that holds its request until a row comes may wait for hours. Every keep-alive interval
 * it sends a byte the client's parser skips, so that nothing between client and server (the
 * client's own read timeout, such as the stock Avatica driver's {@code http_response_timeout}; a
 * proxy) takes the silence for a dead server, and so that a client that went away is noticed: the
 * write fails and the waiting thread is released ({@link ClientGoneException}). The first such byte
 * commits the response with status 200 and no length (chunked), so an error found later travels as
 * Avatica's error message in a 200 response, which Avatica's clients read by its type. In JSON the
 * byte is a space before the answer's object; in protobuf it is an unknown varint field ({@value
 * #PROTOBUF_FIELD}) of the answer's {@code WireMessage}, which protobuf parsers skip and merge with
 * the fields that follow.
 */
final class WaitingResponse {
  /** The {@code WireMessage} field of the keep-alive bytes; next to the warnings' field 4096. */
  static final int PROTOBUF_FIELD = 4097;

  private static final byte[] PROTOBUF_PING = protobufPing();
  private static final byte[] JSON_PING = {' '};
  private static final ThreadLocal<WaitingResponse> CURRENT = new ThreadLocal<>();

  private final HttpServletResponse response;
  private final boolean json;
  private final String contentType;
  private final long intervalNanos;
  private long lastSent;
  private boolean committed;

  /**
   * @param contentType the content type of the answer, sent with the first keep-alive byte
   * @param interval how long the response may stay silent
   */
  WaitingResponse(
      HttpServletResponse response, boolean json, String contentType, java.time.Duration interval) {
    this.response = requireNonNull(response, "response is null");
    this.json = json;
    this.contentType = requireNonNull(contentType, "contentType is null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("The keep-alive interval must be positive: " + interval);
    }
    this.intervalNanos = interval.toNanos();
    this.lastSent = System.nanoTime();
  }

  /** Field {@value #PROTOBUF_FIELD}, a varint, value 0: four bytes. */
  private static byte[] protobufPing() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeUInt64(PROTOBUF_FIELD, 0);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs {@code work} with this as the current thread's waiting response. */
  <T> T during(Supplier<T> work) {
    WaitingResponse previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /**
   * Keeps the current thread's response alive if it has been silent for the interval; nothing for a
   * request not served over HTTP (the embedded driver).
   *
   * @throws ClientGoneException if the client no longer takes the response
   */
  static void stillWaiting() {
    WaitingResponse current = CURRENT.get();
    if (current != null) {
      current.ping();
    }
  }

  /**
   * How long a wait may go between two {@link #stillWaiting()} calls: the keep-alive interval, at
   * most {@code longest}; {@code longest} for a request not served over HTTP.
   */
  static long sliceMillis(long longest) {
    WaitingResponse current = CURRENT.get();
    if (current == null) {
      return longest;
    }
    return Math.max(1, Math.min(longest, TimeUnit.NANOSECONDS.toMillis(current.intervalNanos)));
  }

  private void ping() {
    long now = System.nanoTime();
    if (now - lastSent < intervalNanos) {
      return;
    }
    try {
      if (!committed) {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
      }
      ServletOutputStream out = response.getOutputStream();
      out.write(json ? JSON_PING : PROTOBUF_PING);
      out.flush();
      committed = true;
      lastSent = System.nanoTime();
    } catch (IOException | RuntimeException e) {
      throw new ClientGoneException(e);
    }
  }

  /** Whether the status and headers went out with a keep-alive byte (the answer follows them). */
  boolean committed() {
    return committed;
  }
}
