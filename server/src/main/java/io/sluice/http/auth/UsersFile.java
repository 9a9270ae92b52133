package io.sluice.http.auth;

import io.sluice.server.session.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The users file: one user a line, {@code name:role:password-hash}, lines starting with {@code #}
 * ignored. It holds password hashes, so it is written readable by its owner only, and the server
 * refuses to use one others can read.
 */
public final class UsersFile {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final String HEADER =
      "# Sluice users: name:role:password-hash. Edit with bin/sluice user add|remove|list.\n";

  private UsersFile() {}

  /** The users in {@code file} by name; none if it does not exist. */
  public static Map<String, User> read(Path file) {
    Map<String, User> users = new TreeMap<>();
    if (!Files.exists(file)) {
      return users;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the users file " + file + ": " + e, e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(":", 3);
      try {
        if (parts.length != 3) {
          throw new IllegalArgumentException("expected name:role:password-hash");
        }
        User user = new User(parts[0], Role.parse(parts[1]), PasswordHash.parse(parts[2]));
        users.put(user.name(), user);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Users file " + file + ", line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return users;
  }

  /** Replaces {@code file} with {@code users}, atomically, readable by its owner only. */
  public static void write(Path file, Iterable<User> users) {
    StringBuilder text = new StringBuilder(HEADER);
    for (User user : users) {
      text.append(user.name())
          .append(':')
          .append(user.role().word())
          .append(':')
          .append(user.password().encoded())
          .append('\n');
    }
    try {
      Path directory = file.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      List<FileAttribute<?>> attributes = new ArrayList<>();
      if (isPosix()) {
        attributes.add(PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      }
      Path staging =
          Files.createTempFile(
              directory,
              "." + file.getFileName(),
              ".tmp",
              attributes.toArray(FileAttribute[]::new));
      try {
        Files.writeString(staging, text, StandardCharsets.UTF_8);
        Files.move(
            staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the users file " + file + ": " + e, e);
    }
  }

  /**
   * Fails unless only the file's owner may read or write it: password hashes can be attacked
   * offline by whoever reads them.
   */
  public static void requirePrivate(Path file) {
    if (!isPosix() || !Files.exists(file)) {
      return;
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the permissions of " + file + ": " + e, e);
    }
    if (!OWNER_ONLY.containsAll(permissions)) {
      throw new IllegalStateException(
          "The users file "
              + file
              + " may be read by other users (permissions "
              + PosixFilePermissions.toString(permissions)
              + "); make it private with: chmod 600 "
              + file);
    }
  }

  private static boolean isPosix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
