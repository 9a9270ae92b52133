package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice user add|remove|list} as a separate process (what the script runs), with the
 * password on standard input: the users file it writes is private and holds no password, and a
 * server started on it lets exactly its users in.
 */
@Timeout(180)
class UserCommandTest {
  private static final String PASSWORD = "s3cret-enough";

  @TempDir Path temp;

  /** What a {@code sluice user} process printed, and its exit status. */
  private record Run(int status, String out, String err) {}

  private Run user(String stdin, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                UserMain.class.getName()));
    command.addAll(List.of(args));
    command.addAll(List.of("--data", temp.resolve("data").toString()));
    Path out = temp.resolve("out.txt");
    Path err = temp.resolve("err.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the command may end before reading its input (a usage error)
    }
    assertThat(process.waitFor(120, TimeUnit.SECONDS))
        .as("sluice user %s ended", String.join(" ", args))
        .isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void addListRemoveAndLogIn() throws Exception {
    Run added = user(PASSWORD + "\n", "add", "dana", "--role", "writer");
    assertThat(added.status()).as(added.err()).isZero();
    Path users = temp.resolve("data").resolve("users");
    assertThat(added.out()).contains("User dana (writer) added in " + users);
    assertThat(user(PASSWORD + "\n", "add", "erik").status()).isZero();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users)))
        .isEqualTo("rw-------");
    String file = Files.readString(users);
    assertThat(file).doesNotContain(PASSWORD).contains("dana:writer:pbkdf2-sha256$600000$");
    assertThat(user("", "list").out()).isEqualTo("dana\twriter\nerik\treader\n");

    try (TestingServer server =
        new TestingServer(temp.resolve("data"), Map.of(SluiceConfig.AUTH, "basic"))) {
      String url =
          "jdbc:avatica:remote:url=http://localhost:"
              + server.server().port()
              + ";serialization=protobuf;authentication=BASIC;avatica_user=dana;avatica_password="
              + PASSWORD;
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT 'in'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("in");
      }

      Run removed = user("", "remove", "dana");
      assertThat(removed.out()).contains("User dana removed from " + users);
      Properties dana = new Properties();
      dana.setProperty("user", "dana");
      dana.setProperty("password", PASSWORD);
      assertThatThrownBy(() -> DriverManager.getConnection(server.url(), dana).close())
          .hasMessageStartingWith("Authentication failed");
    }
    assertThat(user("", "list").out()).isEqualTo("erik\treader\n");
  }

  @Test
  void badInputChangesNothingAndSaysWhy() throws Exception {
    Run shortPassword = user("short\n", "add", "dana");
    assertThat(shortPassword.status()).isEqualTo(1);
    assertThat(shortPassword.err()).contains("A password needs at least 8 characters");
    Run badRole = user(PASSWORD + "\n", "add", "dana", "--role", "root");
    assertThat(badRole.err())
        .contains("Unknown role 'root'; expected one of reader, writer, admin");
    Run badName = user(PASSWORD + "\n", "add", "da:na");
    assertThat(badName.err()).contains("Invalid user name 'da:na'");
    Run missing = user("", "remove", "nobody");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("no user nobody in");
    assertThat(Files.exists(temp.resolve("data").resolve("users"))).isFalse();
  }

  @Test
  void serverRefusesAUsersFileOthersCanRead() throws Exception {
    assertThat(user(PASSWORD + "\n", "add", "dana", "--role", "admin").status()).isZero();
    Path users = temp.resolve("data").resolve("users");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(
            () ->
                new TestingServer(temp.resolve("data"), Map.of(SluiceConfig.AUTH, "basic")).close())
        .hasMessageContaining("The users file " + users + " may be read by other users")
        .hasMessageContaining("chmod 600 " + users);

    Path empty = temp.resolve("no-users");
    assertThatThrownBy(
            () ->
                new TestingServer(
                        temp.resolve("data"),
                        Map.of(
                            SluiceConfig.AUTH,
                            "basic",
                            SluiceConfig.AUTH_USERS_FILE,
                            empty.toString()))
                    .close())
        .hasMessageContaining("cannot be read")
        .hasMessageContaining("bin/sluice user add NAME --role admin");
  }
}
