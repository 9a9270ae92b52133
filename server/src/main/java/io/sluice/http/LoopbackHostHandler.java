package io.sluice.http;

import io.sluice.server.config.SluiceConfig;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Without authentication the server listens on a loopback address only, and answers only requests
 * addressed to a loopback name ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}). A web page on
 * another site could otherwise point its own host name at 127.0.0.1 (DNS rebinding) and talk to the
 * server as a page of the same origin.
 */
public final class LoopbackHostHandler extends HandlerWrapper {
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String host = request.getServerName();
    if (!isLoopbackName(host)) {
      baseRequest.setHandled(true);
      HttpReplies.error(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "Host '"
              + host
              + "' refused: with "
              + SluiceConfig.AUTH
              + " = none this server answers only requests addressed to localhost; connect"
              + " through localhost, or set "
              + SluiceConfig.AUTH
              + " = basic");
      return;
    }
    super.handle(target, baseRequest, request, response);
  }

  static boolean isLoopbackName(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    return name.equals("localhost")
        || name.endsWith(".localhost")
        || IPV4_LOOPBACK.matcher(name).matches()
        || name.equals("::1")
        || name.equals("0:0:0:0:0:0:0:1");
  }
}
