package io.sluice.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error replies (malformed requests, uncaught failures) as one line of plain text: the
 * status and, below 500, Jetty's reason. Jetty's own page would print Java stack traces; a server
 * error says only that it happened (the log has the rest).
 */
public final class PlainErrorHandler extends ErrorHandler {
  public PlainErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    HttpReplies.error(response, code, text(code, message));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
    fields.put("Content-Type", "text/plain;charset=utf-8");
    return ByteBuffer.wrap((text(status, reason) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String text(int code, String message) {
    String reason = HttpStatus.getMessage(code);
    if (code >= 500 || message == null || message.isBlank() || message.equals(reason)) {
      return "HTTP " + code + " " + reason;
    }
    // Jetty's reasons are its own words; keep them to one line
    return "HTTP " + code + " " + reason + ": " + message.replaceAll("\\s+", " ");
  }
}
