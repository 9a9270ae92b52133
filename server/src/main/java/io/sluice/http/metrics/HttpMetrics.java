package io.sluice.http.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * Meters of the HTTP endpoint, recorded as each request completes:
 *
 * <ul>
 *   <li>{@code sluice_http_requests_seconds} (count, sum, max) by {@code route} ({@code jdbc},
 *       {@code ui}, {@code api}, {@code metrics}, {@code other}), {@code method} and {@code status}
 *   <li>{@code sluice_http_connections_open}
 *   <li>{@code sluice_http_threads_busy}, {@code sluice_http_threads_max}: Jetty's request threads
 * </ul>
 */
public final class HttpMetrics implements HttpChannel.Listener {
  private static final String START_ATTRIBUTE = HttpMetrics.class.getName() + ".start";

  private final MeterRegistry registry;

  public HttpMetrics(MeterRegistry registry, IntSupplier openConnections, ThreadPool threads) {
    this.registry = requireNonNull(registry, "registry is null");
    requireNonNull(openConnections, "openConnections is null");
    Gauge.builder("sluice.http.connections.open", openConnections, IntSupplier::getAsInt)
        .description("HTTP connections open now")
        .register(registry);
    if (threads instanceof ThreadPool.SizedThreadPool) {
      ThreadPool.SizedThreadPool sized = (ThreadPool.SizedThreadPool) threads;
      Gauge.builder("sluice.http.threads.max", sized, ThreadPool.SizedThreadPool::getMaxThreads)
          .description("The most threads the HTTP server may run requests on")
          .register(registry);
    }
    Gauge.builder("sluice.http.threads.busy", threads, t -> t.getThreads() - t.getIdleThreads())
        .description("HTTP server threads busy now")
        .register(registry);
  }

  @Override
  public void onRequestBegin(Request request) {
    request.setAttribute(START_ATTRIBUTE, System.nanoTime());
  }

  @Override
  public void onComplete(Request request) {
    Object start = request.getAttribute(START_ATTRIBUTE);
    if (!(start instanceof Long)) {
      return;
    }
    Timer.builder("sluice.http.requests")
        .description("HTTP requests, from their headers to the end of their response")
        .tag("route", route(request.getMethod(), request.getRequestURI()))
        .tag("method", method(request.getMethod()))
        .tag("status", String.valueOf(request.getResponse().getStatus()))
        .register(registry)
        .record(System.nanoTime() - (Long) start, TimeUnit.NANOSECONDS);
  }

  /** A small fixed set, so a client cannot mint meters by inventing paths or methods. */
  private static String route(String method, String path) {
    if ("POST".equals(method)) {
      return "jdbc";
    }
    if (path == null) {
      return "other";
    }
    switch (path) {
      case "/", "/ui", "/ui/":
        return "ui";
      case "/api/queries":
        return "api";
      case "/metrics":
        return "metrics";
      default:
        return "other";
    }
  }

  private static String method(String method) {
    String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
    switch (upper) {
      case "GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE":
        return upper;
      default:
        return "OTHER";
    }
  }
}
