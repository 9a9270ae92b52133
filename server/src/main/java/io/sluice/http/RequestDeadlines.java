package io.sluice.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each HTTP connection a deadline to send a whole request: from when it opened, or its
 * previous response ended, it has the request timeout to deliver headers and body; a connection
 * that does not (idle, or trickling bytes to stay alive) is closed. Jetty's idle timeout alone
 * would let a client keep a connection forever by sending a byte now and then. While the server
 * works on a received request, however long (a push query's fetch waits for rows), no deadline
 * runs. Connections waiting for bytes hold no thread (Jetty's selectors watch them); this only
 * bounds how long they may wait.
 */
public final class RequestDeadlines extends AbstractLifeCycle
    implements Connection.Listener, HttpChannel.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);
  private static final long WORKING = Long.MAX_VALUE;

  private final long timeoutNanos;
  // per connection: since when (System.nanoTime) it has been sending a request, or WORKING
  private final Map<EndPoint, AtomicLong> receivingSince = new ConcurrentHashMap<>();
  private ScheduledExecutorService sweeper;

  public RequestDeadlines(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The request timeout must be positive, not " + timeout);
    }
    this.timeoutNanos = timeout.toNanos();
  }

  /** The whole request on {@code request}'s connection has arrived: the server works on it now. */
  public void received(Request request) {
    AtomicLong since = receivingSince.get(request.getHttpChannel().getEndPoint());
    if (since != null) {
      since.set(WORKING);
    }
  }

  /** Connections currently open. */
  public int openConnections() {
    return receivingSince.size();
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection) {
      receivingSince.put(connection.getEndPoint(), new AtomicLong(System.nanoTime()));
    }
  }

  @Override
  public void onClosed(Connection connection) {
    if (connection instanceof HttpConnection) {
      receivingSince.remove(connection.getEndPoint());
    }
  }

  @Override
  public void onComplete(Request request) {
    AtomicLong since = receivingSince.get(request.getHttpChannel().getEndPoint());
    if (since != null) {
      since.set(System.nanoTime());
    }
  }

  @Override
  protected void doStart() {
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sluice-http-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(100, Math.min(1_000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4));
    var unused = sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  protected void doStop() {
    sweeper.shutdownNow();
  }

  private void sweep() {
    long now = System.nanoTime();
    receivingSince.forEach(
        (endPoint, since) -> {
          long start = since.get();
          if (start != WORKING && now - start > timeoutNanos) {
            LOG.debug("Closing {}: no complete request within the request timeout", endPoint);
            receivingSince.remove(endPoint);
            endPoint.close();
          }
        });
  }
}
