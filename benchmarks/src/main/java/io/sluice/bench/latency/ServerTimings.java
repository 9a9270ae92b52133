package io.sluice.bench.latency;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a persistent query's commits spent their time, as the server's {@code /metrics} histograms
 * say: the sink's commit and each checkpoint file's write. Printed beside a Kafka sink's latency so
 * a run shows what lies between an epoch's end and its records becoming visible.
 */
final class ServerTimings {
  private static final Pattern BUCKET =
      Pattern.compile("^(\\w+)_bucket\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
  // the bound's own label, not the end of another's name (file="offsets")
  private static final Pattern LE = Pattern.compile("(?:^|,)le=\"([^\"]+)\"");

  private ServerTimings() {}

  /**
   * One line: p50 / p99 of the sink's commit and of each checkpoint file's write for {@code query},
   * as upper bounds of the histograms' buckets; what could not be read is said instead.
   */
  static String summary(String httpUrl, String query) {
    String scrape;
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(httpUrl + "metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      scrape = response.body();
    } catch (IOException e) {
      return "server timings unavailable: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "server timings unavailable: interrupted";
    }
    String series = "query=\"" + query + "\"";
    return String.format(
        Locale.ROOT,
        "server, %s, p50 / p99 ms (bucket bounds): sink commit %s; offsets write %s;"
            + " state write %s; commit write %s",
        query,
        quantiles(scrape, "sluice_sink_commit_duration_seconds", series),
        quantiles(scrape, "sluice_checkpoint_write_duration_seconds", series, "file=\"offsets\""),
        quantiles(scrape, "sluice_checkpoint_write_duration_seconds", series, "file=\"state\""),
        quantiles(scrape, "sluice_checkpoint_write_duration_seconds", series, "file=\"commit\""));
  }

  /**
   * p50 / p99 and the count of {@code histogram} in {@code scrape}, for the series with all {@code
   * labels}.
   */
  static String quantiles(String scrape, String histogram, String... labels) {
    // upper bound and cumulative count; +Inf holds every value, however long
    List<double[]> buckets = new ArrayList<>();
    Matcher bucket = BUCKET.matcher(scrape);
    while (bucket.find()) {
      if (!bucket.group(1).equals(histogram) || !hasAll(bucket.group(2), labels)) {
        continue;
      }
      Matcher le = LE.matcher(bucket.group(2));
      if (le.find()) {
        double bound =
            le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
        buckets.add(new double[] {bound, Double.parseDouble(bucket.group(3))});
      }
    }
    if (buckets.isEmpty()) {
      return "-";
    }
    buckets.sort((a, b) -> Double.compare(a[0], b[0]));
    double count = buckets.get(buckets.size() - 1)[1];
    if (count == 0) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "%s / %s (%d)",
        quantile(buckets, 0.5 * count),
        quantile(buckets, 0.99 * count),
        (long) count);
  }

  /**
   * The bound of the first bucket holding {@code rank} values, in ms; past the last finite one,
   * more than it.
   */
  private static String quantile(List<double[]> buckets, double rank) {
    double largestFinite = 0;
    for (double[] bucket : buckets) {
      if (bucket[1] >= rank) {
        return Double.isInfinite(bucket[0])
            ? String.format(Locale.ROOT, "> %.1f", largestFinite * 1000)
            : String.format(Locale.ROOT, "≤ %.1f", bucket[0] * 1000);
      }
      if (!Double.isInfinite(bucket[0])) {
        largestFinite = bucket[0];
      }
    }
    return "-";
  }

  private static boolean hasAll(String series, String... labels) {
    for (String label : labels) {
      if (!series.contains(label)) {
        return false;
      }
    }
    return true;
  }
}
