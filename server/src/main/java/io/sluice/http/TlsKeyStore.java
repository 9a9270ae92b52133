package io.sluice.http;

import io.sluice.server.config.SluiceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/** Checks the PKCS12 key store HTTPS is served with, so a mistake fails at start, named. */
public final class TlsKeyStore {
  private TlsKeyStore() {}

  /** Fails unless {@code file} opens with {@code password} and holds a private key. */
  public static void check(Path file, String password) {
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Cannot open the TLS key store "
              + file
              + " ("
              + SluiceConfig.TLS_KEYSTORE
              + ", PKCS12, password from "
              + SluiceConfig.TLS_KEYSTORE_PASSWORD
              + "): "
              + e.getMessage(),
          e);
    }
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          return;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot list the TLS key store " + file + ": " + e, e);
    }
    throw new IllegalArgumentException(
        "The TLS key store "
            + file
            + " ("
            + SluiceConfig.TLS_KEYSTORE
            + ") holds no private key; it needs the server's key and certificate");
  }
}
