package io.sluice.jdbc.driver;

import java.net.URL;
import org.apache.calcite.avatica.remote.AvaticaCommonsHttpClientImpl;

/**
 * Avatica's HTTP client (authentication, TLS and pooling as configured), which also keeps the
 * statement warnings a Sluice server adds to its responses. The driver names it by Avatica's {@code
 * httpclient_impl} connection property.
 */
public class SluiceHttpClient extends AvaticaCommonsHttpClientImpl {
  public SluiceHttpClient(URL url) {
    super(url);
  }

  @Override
  public byte[] send(byte[] request) {
    byte[] response = super.send(request);
    ServerWarnings.collect(request, response);
    return response;
  }
}
