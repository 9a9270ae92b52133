package io.sluice.http;

import io.sluice.server.config.SluiceConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before the server starts, whether its settings are safe for the address it listens on: a
 * server without authentication listens only on a loopback address, where only this machine reaches
 * it.
 */
public final class NetworkExposure {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkExposure.class);

  private NetworkExposure() {}

  /** Refuses settings that would open the server to the network without authentication. */
  public static void check(SluiceConfig config) {
    String bind = config.bindAddress();
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "Configuration key '"
              + SluiceConfig.BIND_ADDRESS
              + "' names an unknown host or address: '"
              + bind
              + "'");
    }
    boolean authenticated = config.authenticationRequired();
    if (!address.isLoopbackAddress() && !authenticated) {
      throw new IllegalStateException(
          "Refusing to listen on "
              + bind
              + " ("
              + SluiceConfig.BIND_ADDRESS
              + ") with "
              + SluiceConfig.AUTH
              + " = none: anyone who reaches the port could run any statement. Set "
              + SluiceConfig.AUTH
              + " = basic (and add users with bin/sluice user add NAME --role admin), or set "
              + SluiceConfig.BIND_ADDRESS
              + " = 127.0.0.1 to serve this machine only.");
    }
    if (!address.isLoopbackAddress() && config.tlsKeystore().isEmpty()) {
      LOG.warn(
          "Listening on {} without TLS: passwords and results cross the network in clear text;"
              + " set {} to serve HTTPS",
          bind,
          SluiceConfig.TLS_KEYSTORE);
    }
  }
}
