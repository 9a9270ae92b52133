package io.sluice.http;

import static java.util.Objects.requireNonNull;

import io.sluice.http.auth.AuthenticatedUser;
import io.sluice.server.session.CurrentPrincipal;
import io.sluice.server.session.Principal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.servlet.AsyncContext;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC protocol's POSTs, on their way to Avatica's handler. A request that could come from a
 * web page on another site is refused (403). The body is read without holding a thread while it
 * trickles in (servlet async I/O) and only up to the size limit: a larger declared or sent body
 * gets 413 and the connection closes, unread. Avatica's handler then runs on the whole body, with
 * the authenticated user as the current principal (anonymous without authentication).
 */
public final class JdbcEndpointHandler extends AbstractHandler {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcEndpointHandler.class);
  private static final int READ_CHUNK = 16 * 1024;

  private final Handler avatica;
  private final long maxRequestBytes;
  private final RequestDeadlines deadlines;

  public JdbcEndpointHandler(Handler avatica, long maxRequestBytes, RequestDeadlines deadlines) {
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException(
          "The request size limit must be positive, not " + maxRequestBytes);
    }
    this.avatica = requireNonNull(avatica, "avatica is null");
    this.maxRequestBytes = maxRequestBytes;
    this.deadlines = requireNonNull(deadlines, "deadlines is null");
    addBean(avatica);
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    Optional<String> refusal = CrossSiteRequests.refusal(request);
    if (refusal.isPresent()) {
      HttpReplies.errorAndClose(response, HttpServletResponse.SC_FORBIDDEN, refusal.get());
      return;
    }
    if (request.getContentLengthLong() > maxRequestBytes) {
      HttpReplies.errorAndClose(response, 413, tooLarge());
      return;
    }
    Principal caller =
        baseRequest.getUserPrincipal() instanceof AuthenticatedUser
            ? ((AuthenticatedUser) baseRequest.getUserPrincipal()).principal()
            : Principal.ANONYMOUS;
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    ServletInputStream in = request.getInputStream();
    in.setReadListener(new BodyReader(target, baseRequest, request, response, async, in, caller));
  }

  private String tooLarge() {
    return "Request body larger than " + maxRequestBytes + " bytes (sluice.http.max-request-bytes)";
  }

  /** Collects one request's body as it arrives, then runs Avatica's handler on it. */
  private final class BodyReader implements ReadListener {
    private final String target;
    private final Request baseRequest;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AsyncContext async;
    private final ServletInputStream in;
    private final Principal caller;
    private final ByteArrayOutputStream body;
    private final byte[] chunk;
    private boolean finished;

    BodyReader(
        String target,
        Request baseRequest,
        HttpServletRequest request,
        HttpServletResponse response,
        AsyncContext async,
        ServletInputStream in,
        Principal caller) {
      this.target = target;
      this.baseRequest = baseRequest;
      this.request = request;
      this.response = response;
      this.async = async;
      this.in = in;
      this.caller = caller;
      // a JDBC request is a few hundred bytes; only a body of unknown length gets the whole chunk
      long length = request.getContentLengthLong();
      this.chunk = new byte[length < 0 ? READ_CHUNK : (int) Math.min(READ_CHUNK, length + 1)];
      this.body = new ByteArrayOutputStream(chunk.length);
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (!finished && in.isReady()) {
        int read = in.read(chunk);
        if (read < 0) {
          return;
        }
        if (body.size() + (long) read > maxRequestBytes) {
          finish(413, tooLarge());
          return;
        }
        body.write(chunk, 0, read);
      }
    }

    @Override
    public void onAllDataRead() throws IOException {
      if (finished) {
        return;
      }
      finished = true;
      deadlines.received(baseRequest);
      try {
        HttpServletRequest buffered = new BufferedBodyRequest(request, body.toByteArray());
        CurrentPrincipal.runAs(
            caller, () -> avatica.handle(target, baseRequest, buffered, response));
      } catch (Exception | Error e) {
        LOG.error("Internal error answering a JDBC request", e);
        HttpReplies.errorAndClose(response, 500, "Internal server error");
      } finally {
        async.complete();
      }
    }

    @Override
    public void onError(Throwable failure) {
      if (finished) {
        return;
      }
      LOG.debug("Reading a JDBC request from {} failed", request.getRemoteAddr(), failure);
      try {
        finish(408, "The request did not arrive in time or was cut off");
      } catch (IOException | RuntimeException e) {
        LOG.debug("Cannot answer a request whose body failed", e);
        async.complete();
      }
    }

    private void finish(int status, String message) throws IOException {
      finished = true;
      try {
        HttpReplies.errorAndClose(response, status, message);
      } finally {
        async.complete();
      }
    }
  }

  /** The request as Avatica's handler reads it: with its body already in memory. */
  private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    BufferedBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream bytes = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("The body is read already");
        }

        @Override
        public int read() {
          return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return bytes.read(buffer, offset, length);
        }

        @Override
        public byte[] readAllBytes() {
          // one copy of the right size, not InputStream's 8 KB steps
          return bytes.readAllBytes();
        }
      };
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
