package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class loaders of user functions: the server's own for classes on its class path, and one per
 * jar for {@code CREATE FUNCTION … USING JAR 'path'}, opened when a function of the jar is first
 * needed and closed once no function comes from it. A jar loader's parent is the server's loader,
 * so a function's class sees Sluice's function API ({@code io.sluice.function}) and nothing of the
 * jar shadows the server's own classes.
 */
public final class FunctionClassLoaders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionClassLoaders.class);

  private final ClassLoader parent;
  private final Map<Path, URLClassLoader> loaders = new HashMap<>();
  private Consumer<Path> jarCheck = path -> {};

  public FunctionClassLoaders(ClassLoader parent) {
    this.parent = requireNonNull(parent, "parent is null");
  }

  /**
   * Checks every jar before it is opened (the folders files may be read from); throws {@link
   * IllegalArgumentException} naming the path when it may not be.
   */
  public synchronized void checkJarsWith(Consumer<Path> check) {
    this.jarCheck = requireNonNull(check, "check is null");
  }

  /** The loader of classes from {@code jar}, or the server's own when it is null. */
  public synchronized ClassLoader loader(@Nullable String jar) {
    if (jar == null) {
      return parent;
    }
    Path path = Path.of(jar);
    URLClassLoader loader = loaders.get(path);
    if (loader != null) {
      return loader;
    }
    jarCheck.accept(path);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR, "Jar '" + jar + "' is not a readable file");
    }
    URL url;
    try {
      url = path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("Jar path '" + jar + "' is not a valid location", e);
    }
    loader = new URLClassLoader("sluice-functions:" + path, new URL[] {url}, parent);
    loaders.put(path, loader);
    return loader;
  }

  /** Whether classes of {@code jar} are loaded now (for tests and diagnostics). */
  public synchronized boolean isOpen(String jar) {
    return loaders.containsKey(Path.of(jar));
  }

  /**
   * Closes the loaders of jars none of {@code jarsInUse} names: their functions were dropped (or
   * never created), so a later {@code CREATE FUNCTION … USING JAR} of the same path reads the jar
   * afresh. Queries already running keep the classes they loaded.
   */
  public synchronized void retainOnly(Collection<String> jarsInUse) {
    Set<Path> used = new HashSet<>();
    for (String jar : jarsInUse) {
      used.add(Path.of(jar));
    }
    loaders
        .entrySet()
        .removeIf(
            entry -> {
              if (used.contains(entry.getKey())) {
                return false;
              }
              closeQuietly(entry.getKey(), entry.getValue());
              return true;
            });
  }

  @Override
  public synchronized void close() {
    loaders.forEach(FunctionClassLoaders::closeQuietly);
    loaders.clear();
  }

  private static void closeQuietly(Path jar, URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      LOG.warn("Cannot close the class loader of jar {}: {}", jar, e.toString());
    }
  }
}
