package io.sluice.server.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user may do, each role including the ones before it: a reader queries, a writer also
 * changes what is declared, an admin also loads code (functions) and manages users.
 */
public enum Role {
  READER,
  WRITER,
  ADMIN;

  /** True if this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The role's name as users write it: {@code reader}, {@code writer}, {@code admin}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a role name, case-insensitively; the error lists the roles there are. */
  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.word().equalsIgnoreCase(text.strip())) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "Unknown role '"
            + text
            + "'; expected one of "
            + Arrays.stream(values()).map(Role::word).collect(Collectors.joining(", ")));
  }
}
