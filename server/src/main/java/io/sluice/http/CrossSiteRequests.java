package io.sluice.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;

/**
 * Tells the JDBC protocol's POSTs from requests a web page could make a browser send. A page on
 * another site can POST a form or {@code text/plain} body without asking, and the browser would
 * attach the user's saved credentials; Avatica clients send their own content types (Avatica's Java
 * client {@code application/octet-stream} for both serializations, others {@code
 * application/x-google-protobuf} or {@code application/json}), which a page can send only after a
 * CORS preflight this server never grants. Browsers also name the page's origin in {@code Origin}:
 * a request from a page of another origin is refused whatever its type.
 */
public final class CrossSiteRequests {
  private static final Set<String> AVATICA_TYPES =
      Set.of(
          "application/octet-stream",
          "application/x-google-protobuf",
          "application/x-protobuf",
          "application/protobuf",
          "application/json");

  /**
   * What records may be posted to a stream as: none of the types a page may send without a CORS
   * preflight ({@code text/plain}, forms).
   */
  public static final Set<String> RECORD_TYPES =
      Set.of(
          "application/json",
          "application/x-ndjson",
          "application/jsonl",
          "application/x-jsonlines",
          "text/csv",
          "application/csv");

  private CrossSiteRequests() {}

  /**
   * Why a post of records to a stream must not be taken, or empty if it may: it must name one of
   * {@link #RECORD_TYPES} and come from no page of another origin.
   */
  public static Optional<String> recordsRefusal(HttpServletRequest request) {
    String type = request.getContentType();
    String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!RECORD_TYPES.contains(mediaType)) {
      return Optional.of(
          (type == null ? "No content type" : "Content type '" + mediaType + "'")
              + " refused: post records as one of "
              + String.join(", ", RECORD_TYPES.stream().sorted().toList()));
    }
    return originRefusal(request);
  }

  private static Optional<String> originRefusal(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null && !sameOrigin(origin, request)) {
      return Optional.of("Cross-origin request from " + origin + " refused");
    }
    return Optional.empty();
  }

  /** Why {@code request} must not change anything, or empty if it may. */
  public static Optional<String> refusal(HttpServletRequest request) {
    String type = request.getContentType();
    if (type != null) {
      String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (!AVATICA_TYPES.contains(mediaType)) {
        return Optional.of(
            "Content type '"
                + mediaType
                + "' refused: the JDBC endpoint takes Avatica's requests ("
                + String.join(", ", AVATICA_TYPES.stream().sorted().toList())
                + ")");
      }
    }
    return originRefusal(request);
  }

  private static boolean sameOrigin(String origin, HttpServletRequest request) {
    URI uri;
    try {
      uri = new URI(origin.strip());
    } catch (URISyntaxException e) {
      return false;
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme.equalsIgnoreCase(request.getScheme())
        && unbracketed(uri.getHost()).equalsIgnoreCase(unbracketed(request.getServerName()))
        && port == request.getServerPort();
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
