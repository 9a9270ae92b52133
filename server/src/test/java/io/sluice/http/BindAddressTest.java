package io.sluice.http;

import static io.sluice.http.NetworkTesting.PASSWORD;
import static io.sluice.http.NetworkTesting.basic;
import static io.sluice.http.NetworkTesting.get;
import static io.sluice.http.NetworkTesting.usersFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.e2e.TestingServer;
import io.sluice.launcher.ServerMain;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Role;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the server listens: on 127.0.0.1 unless told otherwise, never on a network address without
 * authentication (the start fails naming the settings to change), and on every interface with it.
 */
@Timeout(120)
class BindAddressTest {
  @TempDir Path temp;

  /** An IPv4 address of this machine other than loopback, if it has one. */
  private static Optional<InetAddress> networkAddress() throws IOException {
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!network.isUp() || network.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void listensOnLoopbackOnlyByDefault() throws Exception {
    assertThat(SluiceConfig.defaults().bindAddress()).isEqualTo("127.0.0.1");
    try (TestingServer server = new TestingServer(temp.resolve("data"))) {
      int port = server.server().port();
      assertThat(accepts(InetAddress.getByName("127.0.0.1"), port)).isTrue();
      Optional<InetAddress> network = networkAddress();
      Assumptions.assumeTrue(network.isPresent(), "this machine has no network address");
      assertThat(accepts(network.get(), port)).as("reachable at %s", network.get()).isFalse();
    }
  }

  @Test
  void refusesToServeTheNetworkWithoutAuthentication() {
    Path data = temp.resolve("data");
    for (String address : List.of("0.0.0.0", "::")) {
      assertThatThrownBy(
              () -> new TestingServer(data, Map.of(SluiceConfig.BIND_ADDRESS, address)).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "Refusing to listen on " + address + " (sluice.bind-address) with sluice.auth = none")
          .hasMessageContaining("Set sluice.auth = basic")
          .hasMessageContaining("or set sluice.bind-address = 127.0.0.1");
    }
    // refused before anything started: no data directory, no catalog
    assertThat(Files.exists(data)).isFalse();
  }

  @Test
  void servesTheNetworkWithAuthentication() throws Exception {
    Path users = usersFile(temp.resolve("users"), "alice", Role.READER);
    try (TestingServer server =
        new TestingServer(
            temp.resolve("data"),
            Map.of(
                SluiceConfig.BIND_ADDRESS, "0.0.0.0",
                SluiceConfig.AUTH, "basic",
                SluiceConfig.AUTH_USERS_FILE, users.toString()))) {
      Optional<InetAddress> network = networkAddress();
      Assumptions.assumeTrue(network.isPresent(), "this machine has no network address");
      String url =
          "http://"
              + network.get().getHostAddress()
              + ":"
              + server.server().port()
              + "/api/queries";
      HttpClient http = NetworkTesting.http();
      assertThat(get(http, url).statusCode()).isEqualTo(401);
      assertThat(get(http, url, "Authorization", basic("alice", PASSWORD)).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void serverCommandSaysWhichSettingToChange() throws Exception {
    Path conf = temp.resolve("sluice.properties");
    Files.writeString(
        conf,
        "sluice.port=0\nsluice.bind-address=0.0.0.0\nsluice.data-dir=" + temp.resolve("data"));
    Path err = temp.resolve("err.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ServerMain.class.getName(),
                "--conf",
                conf.toString())
            .redirectOutput(temp.resolve("out.txt").toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(Files.readString(err))
        .contains("Sluice cannot start: Refusing to listen on 0.0.0.0 (sluice.bind-address)")
        .doesNotContain("\tat io.sluice");
  }
}
