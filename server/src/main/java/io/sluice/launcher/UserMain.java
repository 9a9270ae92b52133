package io.sluice.launcher;

import io.sluice.http.auth.PasswordHash;
import io.sluice.http.auth.User;
import io.sluice.http.auth.UsersFile;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/sluice user add NAME [--role R] | remove NAME | list}: manages the users file of a
 * server with {@code sluice.auth = basic}. The password comes from the terminal (asked twice, not
 * echoed) or, when standard input is not a terminal, from its first line. A running server picks
 * the change up at its next login.
 */
public final class UserMain {
  static final int MIN_PASSWORD_LENGTH = 8;
  private static final String USAGE =
      "Usage: sluice user add NAME [--role reader|writer|admin] | remove NAME | list"
          + "  [--conf FILE] [--data DIR]";

  private UserMain() {}

  public static void main(String[] args) throws IOException {
    try {
      System.exit(run(args));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("sluice user: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the command; returns the exit status. */
  static int run(String[] args) throws IOException {
    List<String> words = new ArrayList<>();
    Path confFile = null;
    String data = null;
    Role role = Role.READER;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--conf" -> confFile = Paths.get(value(args, ++i));
        case "--data" -> data = value(args, ++i);
        case "--role" -> role = Role.parse(value(args, ++i));
        case "-h", "--help" -> {
          System.out.println(USAGE);
          return 0;
        }
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("Unknown option '" + args[i] + "'. " + USAGE);
          }
          words.add(args[i]);
        }
      }
    }
    if (confFile == null && Files.exists(Paths.get("conf", "sluice.properties"))) {
      confFile = Paths.get("conf", "sluice.properties");
    }
    SluiceConfig config = SluiceConfig.load(confFile);
    if (data != null) {
      config = config.with(SluiceConfig.DATA_DIR, data);
    }
    Path file = config.usersFile();
    String command = words.isEmpty() ? "" : words.get(0);
    switch (command) {
      case "add" -> {
        String name = User.checkName(single(words, "add"));
        char[] password = readPassword(name);
        try {
          Map<String, User> users = UsersFile.read(file);
          boolean existed = users.containsKey(name);
          users.put(name, new User(name, role, PasswordHash.of(password)));
          UsersFile.write(file, users.values());
          System.out.println(
              "User "
                  + name
                  + " ("
                  + role.word()
                  + ") "
                  + (existed ? "updated" : "added")
                  + " in "
                  + file);
        } finally {
          Arrays.fill(password, '\0');
        }
        return 0;
      }
      case "remove" -> {
        String name = single(words, "remove");
        Map<String, User> users = UsersFile.read(file);
        if (users.remove(name) == null) {
          System.err.println("sluice user: no user " + name + " in " + file);
          return 1;
        }
        UsersFile.write(file, users.values());
        System.out.println("User " + name + " removed from " + file);
        return 0;
      }
      case "list" -> {
        if (words.size() != 1) {
          throw new IllegalArgumentException(USAGE);
        }
        for (User user : UsersFile.read(file).values()) {
          System.out.println(user.name() + "\t" + user.role().word());
        }
        return 0;
      }
      default -> throw new IllegalArgumentException(USAGE);
    }
  }

  private static String single(List<String> words, String command) {
    if (words.size() != 2) {
      throw new IllegalArgumentException("'" + command + "' takes one user name. " + USAGE);
    }
    return words.get(1);
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      throw new IllegalArgumentException("Missing value after " + args[index - 1]);
    }
    return args[index];
  }

  /** From the terminal, asked twice; otherwise the first line of standard input. */
  // Java 17, the build's target, returns no console when stdin or stdout is not a terminal
  @SuppressWarnings("SystemConsoleNull")
  private static char[] readPassword(String name) throws IOException {
    Console console = System.console();
    char[] password;
    if (console != null) {
      password = console.readPassword("Password for %s: ", name);
      char[] again = console.readPassword("Repeat the password: ");
      if (password == null || again == null || !Arrays.equals(password, again)) {
        throw new IllegalArgumentException("The passwords differ; nothing changed");
      }
      Arrays.fill(again, '\0');
    } else {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null) {
        throw new IllegalArgumentException(
            "No password: standard input is empty (give it on the first line)");
      }
      password = line.toCharArray();
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "A password needs at least " + MIN_PASSWORD_LENGTH + " characters; nothing changed");
    }
    return password;
  }
}
