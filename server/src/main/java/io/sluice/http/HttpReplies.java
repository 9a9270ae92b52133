package io.sluice.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletResponse;

/** The HTTP layer's own replies: a status and a one-line plain-text message, nothing more. */
public final class HttpReplies {
  private HttpReplies() {}

  /** Answers {@code status} with {@code message}; does nothing once the response is committed. */
  public static void error(HttpServletResponse response, int status, String message)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain;charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /**
   * Answers {@code status} with {@code message} and closes the connection after it, so a body the
   * server did not read is not read either.
   */
  public static void errorAndClose(HttpServletResponse response, int status, String message)
      throws IOException {
    if (!response.isCommitted()) {
      response.setHeader("Connection", "close");
    }
    error(response, status, message);
  }
}
