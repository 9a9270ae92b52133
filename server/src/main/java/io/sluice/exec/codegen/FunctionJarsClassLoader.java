package io.sluice.exec.codegen;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The parent loader of generated code that calls functions from several jars: the server's classes
 * first, then each jar's, so the code sees every function class it names.
 */
final class FunctionJarsClassLoader extends ClassLoader {
  private final List<ClassLoader> jars;

  FunctionJarsClassLoader(ClassLoader server, List<ClassLoader> jars) {
    super("sluice-generated-code-functions", requireNonNull(server, "server is null"));
    this.jars = List.copyOf(jars);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    for (ClassLoader jar : jars) {
      try {
        return jar.loadClass(name);
      } catch (ClassNotFoundException e) {
        // the next jar may have it
      }
    }
    throw new ClassNotFoundException(name);
  }
}
