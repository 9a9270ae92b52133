package io.sluice.http.auth;

import static java.util.Objects.requireNonNull;

import io.sluice.server.session.Role;
import java.util.regex.Pattern;

/** One entry of the users file: a user name, the user's role and password hash. */
public record User(String name, Role role, PasswordHash password) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");

  public User {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    requireNonNull(password, "password is null");
    checkName(name);
  }

  /** User names are plain: letters, digits and {@code _ . @ -}, at most 64, no colon. */
  public static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid user name '"
              + name
              + "': use 1 to 64 letters, digits and _ . @ - (starting with a letter or digit)");
    }
    return name;
  }
}
