package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Compiles Java sources at test time and packs the classes into a jar, as a user ships a UDF. */
final class TestJars {
  private TestJars() {}

  /**
   * Compiles {@code sources} (class name → source) against the test's class path (so they see
   * {@code io.sluice.function}) and writes their classes into {@code jar}, replacing it.
   */
  static Path build(Path jar, Map<String, String> sources) throws Exception {
    Path classes = Files.createTempDirectory(jar.getParent(), ".classes");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> units = new ArrayList<>();
    for (Map.Entry<String, String> source : sources.entrySet()) {
      units.add(
          new SimpleJavaFileObject(
              URI.create("string:///" + source.getKey().replace('.', '/') + ".java"),
              JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
              return source.getValue();
            }
          });
    }
    List<String> options =
        List.of(
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            "--release",
            "17");
    boolean compiled = compiler.getTask(null, null, null, options, null, units).call();
    assertThat(compiled).as("compiling %s", sources.keySet()).isTrue();
    Path staging = jar.resolveSibling("." + jar.getFileName() + ".tmp");
    try (OutputStream file = Files.newOutputStream(staging);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
    Files.move(staging, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return jar;
  }
}
