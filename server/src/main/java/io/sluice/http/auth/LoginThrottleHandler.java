package io.sluice.http.auth;

import static java.util.Objects.requireNonNull;

import io.sluice.http.HttpReplies;
import java.io.IOException;
import java.time.Duration;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * In front of authentication: answers 429 to a login attempt from an address that must still wait
 * after failed ones, and counts each attempt the authentication behind it refused (401).
 */
public final class LoginThrottleHandler extends HandlerWrapper {
  private final LoginThrottle throttle;

  public LoginThrottleHandler(LoginThrottle throttle) {
    this.throttle = requireNonNull(throttle, "throttle is null");
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String authorization = request.getHeader("Authorization");
    boolean attempt = authorization != null && !authorization.isBlank();
    String address = request.getRemoteAddr();
    if (attempt) {
      Duration wait = throttle.wait(address);
      if (!wait.isZero()) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        baseRequest.setHandled(true);
        response.setHeader("Retry-After", String.valueOf(seconds));
        HttpReplies.error(
            response,
            429,
            "Too many failed logins from this address; try again in " + seconds + " s");
        return;
      }
    }
    super.handle(target, baseRequest, request, response);
    if (attempt && response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
      throttle.failed(address);
    }
  }
}
