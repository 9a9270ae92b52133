package io.sluice.http;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.HandlerList;

/**
 * Puts the web UI in front of the handlers Avatica's {@code HttpServer} configured, so the UI and
 * the JDBC endpoint share one port.
 */
public final class WebUiCustomizer implements ServerCustomizer<Server> {
  private final WebUiHandler webUi;

  public WebUiCustomizer(WebUiHandler webUi) {
    this.webUi = requireNonNull(webUi, "webUi is null");
  }

  /**
   * Runs after {@code HttpServer} set its own handlers and before the server starts. A {@link
   * HandlerList} stops at the first handler that handles a request: the UI takes GETs, and POSTs go
   * on to Avatica's handlers as they were.
   */
  @Override
  public void customize(Server server) {
    Handler avatica = server.getHandler();
    if (avatica == null) {
      throw new IllegalStateException(
          "Avatica's HttpServer configured no handler to put the web " + "UI in front of");
    }
    server.setHandler(new HandlerList(webUi, avatica));
  }
}
