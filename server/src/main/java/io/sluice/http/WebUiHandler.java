package io.sluice.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.exec.driver.QueryManager;
import io.sluice.http.auth.AuthenticatedUser;
import io.sluice.server.session.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;

/**
 * Answers the web UI's GET requests: the page at {@code /} (or {@code /ui/}) and its data at {@code
 * /api/queries}. The page carries the data of the moment it was served, so it shows the queries at
 * once and then refreshes from the API. Other methods pass on to the Avatica handler, whose clients
 * POST.
 */
public final class WebUiHandler extends AbstractHandler {
  private static final String PAGE_RESOURCE = "index.html";
  // where the page's template takes the initial data, inside a <script type="application/json">
  private static final String INITIAL_DATA = "/*INITIAL_DATA*/null";
  // The page is self-contained: nothing may load from elsewhere, even if escaping ever failed.
  private static final String PAGE_POLICY =
      "default-src 'none'; script-src 'unsafe-inline'; "
          + "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final QueryManager queries;
  private final ObjectMapper json = new ObjectMapper();
  private final String page;

  public WebUiHandler(QueryManager queries) {
    this.queries = requireNonNull(queries, "queries is null");
    this.page = readPage();
  }

  private static String readPage() {
    try (InputStream in = WebUiHandler.class.getResourceAsStream(PAGE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Web UI page "
                + PAGE_RESOURCE
                + " missing from the "
                + "class path next to "
                + WebUiHandler.class.getName());
      }
      String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!page.contains(INITIAL_DATA)) {
        throw new IllegalStateException("Web UI page " + PAGE_RESOURCE + " lacks " + INITIAL_DATA);
      }
      return page;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return;
    }
    baseRequest.setHandled(true);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "no-store");
    Principal viewer =
        baseRequest.getUserPrincipal() instanceof AuthenticatedUser user
            ? user.principal()
            : Principal.ANONYMOUS;
    switch (target) {
      case "/", "/ui", "/ui/" -> {
        response.setHeader("Content-Security-Policy", PAGE_POLICY);
        send(response, "text/html;charset=utf-8", page(currentData(viewer)));
      }
      case "/api/queries" ->
          send(
              response,
              "application/json;charset=utf-8",
              currentData(viewer).getBytes(StandardCharsets.UTF_8));
      default ->
          HttpReplies.error(response, HttpServletResponse.SC_NOT_FOUND, "No page at " + target);
    }
  }

  private String currentData(Principal viewer) throws IOException {
    return json.writeValueAsString(QueriesView.of(queries, System.currentTimeMillis(), viewer));
  }

  /**
   * The page with {@code data} in its JSON script element. Escaped so that nothing in it (SQL text,
   * error messages) can end the element: {@code <}, {@code >} and {@code &} become JSON escapes, as
   * do the line separators JavaScript once rejected.
   */
  private byte[] page(String data) {
    String safe =
        data.replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
            .replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029");
    return page.replace(INITIAL_DATA, safe).getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpServletResponse response, String contentType, byte[] body)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(contentType);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
