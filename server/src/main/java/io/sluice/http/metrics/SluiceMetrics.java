package io.sluice.http.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.exec.driver.QueryManager;

/**
 * The server's metrics in one Micrometer registry, scraped in Prometheus' text format at {@code
 * /metrics}: the queries' ({@link QueryMetrics}), the HTTP endpoint's ({@link HttpMetrics}) and the
 * JVM's ({@code jvm_*}, {@code process_*}, {@code system_*} from Micrometer's binders).
 */
public final class SluiceMetrics implements AutoCloseable {
  /** The Prometheus text exposition format's content type. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final QueryMetrics queries;

  public SluiceMetrics(QueryManager queryManager) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    this.queries = new QueryMetrics(registry, queryManager);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter's current value, in Prometheus' text format. */
  public String scrape() {
    queries.refresh();
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
