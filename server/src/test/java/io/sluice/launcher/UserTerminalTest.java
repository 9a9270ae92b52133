package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code sluice user add} at a terminal: the process runs on a pseudo-terminal (util-linux {@code
 * script}), asks for the password twice without echoing it, and a server started on the users file
 * lets the user in with it; two different answers change nothing.
 */
@Timeout(180)
class UserTerminalTest {
  private static final String PASSWORD = "typed-at-a-terminal";
  private static final long PATIENCE_MILLIS = 60_000;

  @TempDir Path temp;

  /** A {@code sluice user} process on a terminal, and what it printed to it so far. */
  private static final class Terminal implements AutoCloseable {
    private final Process process;
    private final OutputStream keyboard;
    private final StringBuffer screen = new StringBuffer();
    private final Thread reader;

    Terminal(Path data, String... args) throws Exception {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  UserMain.class.getName()));
      command.addAll(List.of(args));
      command.addAll(List.of("--data", data.toString()));
      StringBuilder shell = new StringBuilder("exec");
      for (String word : command) {
        shell.append(" '").append(word.replace("'", "'\\''")).append('\'');
      }
      // script gives the command a terminal of its own; -e passes on its exit status
      process =
          new ProcessBuilder("script", "-qefc", shell.toString(), "/dev/null")
              .redirectErrorStream(true)
              .start();
      keyboard = process.getOutputStream();
      InputStream tty = process.getInputStream();
      reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[4096];
                try {
                  for (int n; (n = tty.read(buffer)) > 0; ) {
                    screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                  }
                } catch (java.io.IOException e) {
                  // the process ended
                }
              });
      reader.start();
    }

    /** Waits until the terminal shows {@code text}, then types {@code line} and Enter. */
    void answer(String text, String line) throws Exception {
      awaitScreen(text);
      keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    void awaitScreen(String text) throws Exception {
      long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
      while (!screen.toString().contains(text)) {
        assertThat(System.currentTimeMillis())
            .as("the terminal did not show '%s'; it shows: %s", text, screen)
            .isLessThan(deadline);
        assertThat(process.isAlive() || screen.toString().contains(text))
            .as("the process ended before showing '%s'; it showed: %s", text, screen)
            .isTrue();
        Thread.sleep(20);
      }
    }

    int exitStatus() throws Exception {
      assertThat(process.waitFor(PATIENCE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
      reader.join(PATIENCE_MILLIS);
      return process.exitValue();
    }

    String screen() {
      return screen.toString();
    }

    @Override
    public void close() throws Exception {
      keyboard.close();
      process.destroy();
    }
  }

  @Test
  void addAsksTwiceWithoutEchoAndTheUserLogsIn() throws Exception {
    Path data = temp.resolve("data");
    Path users = data.resolve("users");
    try (Terminal terminal = new Terminal(data, "add", "tess", "--role", "writer")) {
      terminal.answer("Password for tess: ", PASSWORD);
      terminal.answer("Repeat the password: ", PASSWORD);
      assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
      assertThat(terminal.screen())
          .contains("User tess (writer) added in " + users)
          .doesNotContain(PASSWORD);
    }
    assertThat(Files.readString(users)).contains("tess:writer:").doesNotContain(PASSWORD);

    try (TestingServer server = new TestingServer(data, Map.of(SluiceConfig.AUTH, "basic"))) {
      Properties tess = new Properties();
      tess.setProperty("user", "tess");
      tess.setProperty("password", PASSWORD);
      try (Connection connection = DriverManager.getConnection(server.url(), tess);
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT 'in'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("in");
      }
    }
  }

  @Test
  void twoDifferentAnswersChangeNothing() throws Exception {
    Path data = temp.resolve("data");
    try (Terminal terminal = new Terminal(data, "add", "tess")) {
      terminal.answer("Password for tess: ", PASSWORD);
      terminal.answer("Repeat the password: ", PASSWORD + "!");
      assertThat(terminal.exitStatus()).isEqualTo(1);
      assertThat(terminal.screen())
          .contains("The passwords differ; nothing changed")
          .doesNotContain(PASSWORD);
    }
    assertThat(Files.exists(data.resolve("users"))).isFalse();
  }
}
