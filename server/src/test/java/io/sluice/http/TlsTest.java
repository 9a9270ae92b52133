package io.sluice.http;

import static io.sluice.http.NetworkTesting.PASSWORD;
import static io.sluice.http.NetworkTesting.basic;
import static io.sluice.http.NetworkTesting.query;
import static io.sluice.http.NetworkTesting.usersFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS on the JDBC port with a key store the test makes with the JDK's keytool (no key is kept in
 * the repository): both drivers connect given a trust store, a client that does not trust the
 * certificate gets a clear error, plain HTTP gets nothing, and the web UI is served over HTTPS.
 */
@Timeout(120)
class TlsTest {
  private static final String STORE_PASSWORD = "keystore-pass";
  private static final String TRUST_PASSWORD = "truststore-pass";

  @TempDir Path temp;
  private Path keystore;
  private Path truststore;
  private TestingServer server;

  @BeforeEach
  void start() throws Exception {
    keystore = temp.resolve("server.p12");
    truststore = temp.resolve("trust.p12");
    Path certificate = temp.resolve("server.crt");
    keytool(
        "-genkeypair",
        "-alias",
        "sluice",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "sluice",
        "-keystore",
        keystore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "sluice",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        TRUST_PASSWORD);
    Path users = usersFile(temp.resolve("users"), "alice", Role.WRITER);
    server =
        new TestingServer(
            temp.resolve("data"),
            Map.of(
                SluiceConfig.TLS_KEYSTORE,
                keystore.toString(),
                SluiceConfig.TLS_KEYSTORE_PASSWORD,
                STORE_PASSWORD,
                SluiceConfig.AUTH,
                "basic",
                SluiceConfig.AUTH_USERS_FILE,
                users.toString()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static void keytool(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
  }

  @Test
  void sluiceDriverConnectsOverTlsWithATrustStore() throws Exception {
    assertThat(server.url()).endsWith("?tls=true");
    Properties properties = new Properties();
    properties.setProperty("user", "alice");
    properties.setProperty("password", PASSWORD);
    properties.setProperty("truststore", truststore.toString());
    properties.setProperty("truststore_password", TRUST_PASSWORD);
    try (Connection connection = DriverManager.getConnection(server.url(), properties)) {
      assertThat(query(connection, "SELECT 'over tls'")).containsExactly("over tls");
    }
    // the same through the URL alone, as a BI tool that takes only a URL would
    String url =
        server.url()
            + "&truststore="
            + truststore
            + "&truststore_password="
            + TRUST_PASSWORD
            + "&user=alice&password="
            + PASSWORD.replace(" ", "%20");
    try (Connection connection = DriverManager.getConnection(url)) {
      assertThat(query(connection, "SELECT 1")).containsExactly("1");
    }

    Properties untrusting = new Properties();
    untrusting.setProperty("user", "alice");
    untrusting.setProperty("password", PASSWORD);
    assertThatThrownBy(() -> DriverManager.getConnection(server.url(), untrusting).close())
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("Cannot connect to " + server.url() + " over TLS")
        .hasMessageContaining("set the connection properties truststore and truststore_password");
  }

  @Test
  void stockAvaticaDriverConnectsOverTlsWithATrustStore() throws Exception {
    String url =
        "jdbc:avatica:remote:url=https://localhost:"
            + server.server().port()
            + ";serialization=protobuf;truststore="
            + truststore
            + ";truststore_password="
            + TRUST_PASSWORD
            + ";authentication=BASIC;avatica_user=alice;avatica_password="
            + PASSWORD;
    try (Connection connection = DriverManager.getConnection(url)) {
      assertThat(query(connection, "SELECT 'stock over tls'")).containsExactly("stock over tls");
    }
  }

  @Test
  void webUiIsServedOverHttpsAndPlainHttpGetsNothing() throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(truststore)) {
      trusted.load(in, TRUST_PASSWORD.toCharArray());
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    HttpClient https =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    assertThat(server.server().webUrl()).startsWith("https://localhost:");
    HttpResponse<String> page =
        https.send(
            HttpRequest.newBuilder(URI.create(server.server().webUrl()))
                .header("Authorization", basic("alice", PASSWORD))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Sluice queries</title>");

    // a same-origin POST over https passes the cross-site check and reaches Avatica
    HttpResponse<String> sameOrigin =
        https.send(
            HttpRequest.newBuilder(URI.create(server.server().webUrl()))
                .header("Authorization", basic("alice", PASSWORD))
                .header("Content-Type", "application/octet-stream")
                .header("Origin", "https://localhost:" + server.server().port())
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {8, 1}))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(sameOrigin.statusCode()).isNotEqualTo(403);

    // plain HTTP on the TLS port gets no page: Jetty expects a TLS handshake and hangs up
    try (Socket socket = new Socket("localhost", server.server().port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      String answer;
      try {
        answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        answer = e.toString();
      }
      assertThat(answer).doesNotContain("HTTP/1.1 200").doesNotContain("Sluice");
    }
  }

  @Test
  void aWrongKeyStorePasswordStopsTheStartNamingTheSetting() {
    assertThatThrownBy(
            () ->
                new TestingServer(
                        temp.resolve("data2"),
                        Map.of(
                            SluiceConfig.TLS_KEYSTORE,
                            keystore.toString(),
                            SluiceConfig.TLS_KEYSTORE_PASSWORD,
                            "wrong"))
                    .close())
        .hasMessageStartingWith("Cannot open the TLS key store " + keystore)
        .hasMessageContaining(SluiceConfig.TLS_KEYSTORE_PASSWORD);
  }
}
