package io.sluice.connector;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The folders files may be read from and written to ({@value #SETTING}): a path a stream, table or
 * sink names is resolved — {@code ..} and symbolic links followed — and refused, naming the path
 * and the setting, when it ends up outside all of them.
 */
public final class PathConfinement {
  /** The server setting that lists the allowed folders. */
  public static final String SETTING = "sluice.files.allowed-paths";

  private final List<Path> roots;

  private PathConfinement(List<Path> roots) {
    this.roots = roots;
  }

  /** Only paths under {@code roots}. */
  public static PathConfinement within(List<Path> roots) {
    List<Path> real = new ArrayList<>();
    for (Path root : roots) {
      real.add(resolve(requireNonNull(root, "root is null")));
    }
    return new PathConfinement(List.copyOf(real));
  }

  /** Any path: for an engine inside a client's own process, which has the client's rights. */
  public static PathConfinement none() {
    return new PathConfinement(null);
  }

  /**
   * Checks that {@code path} is inside an allowed folder.
   *
   * @param what the path's owner, for the message, e.g. "option 'path' of 'clicks'"
   * @throws IllegalArgumentException when it is not
   */
  public void check(Path path, String what) {
    if (roots == null) {
      return;
    }
    Path resolved = resolve(path);
    for (Path root : roots) {
      if (resolved.startsWith(root)) {
        return;
      }
    }
    throw new IllegalArgumentException(
        "Path '"
            + path
            + "' ("
            + what
            + ") is outside the folders files may be read from or written to: "
            + roots.stream().map(Path::toString).collect(Collectors.joining(", "))
            + ". Add its folder to the server setting "
            + SETTING
            + " to allow it");
  }

  /**
   * {@code path} made absolute, with {@code ..} removed and the symbolic links of its longest
   * existing prefix followed: where reading or writing it would really go.
   */
  private static Path resolve(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + path, e);
    }
  }
}
