package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testing.udf.StaticTrap;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client can make the server touch on its machine: names never become paths, files are read
 * and written only under the allowed folders (after {@code ..} and symbolic links), a function's
 * class is checked without running its code, and secrets stay out of what is shown.
 */
@Timeout(60)
class ConfinementEndToEndTest {
  @TempDir Path temp;
  private Path allowed;
  private TestingServer server;

  @BeforeEach
  void start() throws Exception {
    allowed = Files.createDirectories(temp.resolve("allowed"));
    server =
        new TestingServer(
            temp.resolve("data"), Map.of("sluice.files.allowed-paths", allowed.toString()));
    land(
        Files.createDirectories(allowed.resolve("clicks")),
        "001.json",
        "{\"user_id\": 1, \"url\": \"/a\"}\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void createClicks(Connection connection) throws Exception {
    execute(
        connection,
        "CREATE STREAM clicks (user_id BIGINT, url VARCHAR) WITH ('connector' = 'files', "
            + "'path' = '"
            + allowed.resolve("clicks")
            + "', 'format' = 'json')");
  }

  @Test
  void aNameHoldingDotDotStaysInsideItsFolderAndDropRemovesNothingElse() throws Exception {
    Path data = temp.resolve("data");
    // where "checkpoints/../../escape" would have led, with something precious in it
    Path escape = Files.createDirectories(temp.resolve("escape"));
    land(escape, "precious.txt", "keep me\n");
    Path out = allowed.resolve("out");
    try (Connection connection = server.connect()) {
      createClicks(connection);
      execute(
          connection,
          "CREATE SINK \"../../escape\" WITH ('connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'json') AS SELECT user_id, url FROM clicks");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW \"../../../v\" AS SELECT user_id, COUNT(*) AS n FROM clicks "
              + "GROUP BY user_id");
      await(
          "the sink's first file",
          () -> names(out),
          n -> n.stream().anyMatch(f -> f.endsWith(".json")));

      // everything the queries keep is inside the data directory's checkpoint folder
      assertThat(names(data.resolve("checkpoints")))
          .containsExactlyInAnyOrder(
              "%2E%2E%2F%2E%2E%2Fescape", "view-%2E%2E%2F%2E%2E%2F%2E%2E%2Fv");
      assertThat(names(escape)).containsExactly("precious.txt");
      assertThat(names(temp)).containsExactlyInAnyOrder("allowed", "data", "escape");
      // the output files are named after the sink, encoded, inside the sink's folder
      assertThat(names(out))
          .filteredOn(f -> f.endsWith(".json"))
          .allMatch(f -> f.startsWith("%2E%2E%2F%2E%2E%2Fescape-"));
      assertThat(names(allowed)).containsExactlyInAnyOrder("clicks", "out");
      // every file written so far, staging and hidden ones included, carries the names encoded
      assertEveryFileInside(out, "%2E%2E%2F%2E%2E%2Fescape");
      assertEveryFileInside(data, "%2E%2E%2F%2E%2E%2Fescape", "%2E%2E%2F%2E%2E%2F%2E%2E%2Fv");
      // in the sink's folder: its output, and its staging, manifest and start files by name
      for (Path file : filesUnder(out)) {
        Path relative = out.relativize(file);
        assertThat(relative.getNameCount()).as("%s", relative).isBetween(1, 2);
        if (relative.getNameCount() == 2) {
          assertThat(relative.getName(0).toString())
              .isIn("_staging", "_sluice_manifest", "_sluice_start");
        }
        assertThat(relative.getFileName().toString())
            .as("%s", relative)
            .matches("\\.?%2E%2E%2F%2E%2E%2Fescape([-.].*)?");
      }
      // in the data directory, the queries' files are inside their own checkpoint folders
      for (Path file : filesUnder(data.resolve("checkpoints"))) {
        assertThat(data.resolve("checkpoints").relativize(file).getName(0).toString())
            .as("%s", file)
            .isIn("%2E%2E%2F%2E%2E%2Fescape", "view-%2E%2E%2F%2E%2E%2F%2E%2E%2Fv");
      }

      // a file of the user's inside a checkpoint folder is not Sluice's to delete
      Path checkpoint = data.resolve("checkpoints").resolve("%2E%2E%2F%2E%2E%2Fescape");
      land(checkpoint, "notes.txt", "mine\n");
      execute(connection, "DROP SINK \"../../escape\"");
      execute(connection, "DROP MATERIALIZED VIEW \"../../../v\"");

      assertThat(names(checkpoint)).containsExactly("notes.txt");
      assertThat(names(data.resolve("checkpoints"))).containsExactly("%2E%2E%2F%2E%2E%2Fescape");
      assertThat(names(escape)).containsExactly("precious.txt");
      assertThat(Files.readString(escape.resolve("precious.txt"))).isEqualTo("keep me\n");
    }
  }

  @Test
  void pathsOutsideTheAllowedFoldersAreRefusedAlsoThroughDotDotAndSymbolicLinks() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    land(outside, "secret.csv", "s3cret\n");
    Path link = Files.createSymbolicLink(allowed.resolve("link"), outside);
    try (Connection connection = server.connect()) {
      for (String path :
          List.of(
              "/etc/shadow",
              allowed + "/../outside/secret.csv",
              link + "/secret.csv",
              link.toString())) {
        assertThatThrownBy(
                () ->
                    execute(
                        connection,
                        "CREATE TABLE t (line VARCHAR) WITH ('connector' = 'files', 'path' = '"
                            + path
                            + "', 'format' = 'csv')"))
            .as(path)
            .hasMessageContaining("Path '" + path + "'")
            .hasMessageContaining("is outside the folders files may be read from or written to")
            .hasMessageContaining("sluice.files.allowed-paths");
      }
      createClicks(connection);
      assertThatThrownBy(
              () ->
                  execute(
                      connection,
                      "CREATE SINK copy WITH ('connector' = 'files', 'path' = '"
                          + outside
                          + "/out', 'format' = 'json') AS SELECT * FROM clicks"))
          .hasMessageContaining("Path '" + outside + "/out'")
          .hasMessageContaining("sluice.files.allowed-paths");
      assertThat(query(connection, "SELECT name FROM sys.tables")).isEmpty();
      assertThat(query(connection, "SELECT name FROM sys.sinks")).isEmpty();
      assertThat(names(outside)).containsExactly("secret.csv");
      // inside the allowed folder all is well
      assertThat(query(connection, "SELECT url FROM clicks")).containsExactly("/a");
    }
  }

  @Test
  void createFunctionChecksAClassWithoutRunningItsStaticInitialiser() throws Exception {
    try (Connection connection = server.connect()) {
      assertThatThrownBy(
              () ->
                  execute(
                      connection, "CREATE FUNCTION trap AS '" + StaticTrap.class.getName() + "'"))
          .hasMessageContaining("it has no public method eval");
    }
    assertThat(System.getProperty(StaticTrap.TRACE)).isNull();
  }

  @Test
  void secretsStayOutOfSystemTablesAndTheCatalogIsPrivate() throws Exception {
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM orders (id BIGINT) WITH ('connector' = 'kafka', 'topic' = 'orders', "
              + "'bootstrap.servers' = 'localhost:1', 'format' = 'json', "
              + "'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain."
              + "PlainLoginModule required username=\"u\" password=\"hunter2\";', "
              + "'properties.ssl.truststore.password' = 'p4ss')");
      List<String> ddl = query(connection, "SELECT ddl FROM sys.streams");
      assertThat(String.join("\n", ddl))
          .doesNotContain("hunter2")
          .doesNotContain("p4ss")
          .contains("'properties.sasl.jaas.config' = '****'")
          .contains("'properties.ssl.truststore.password' = '****'")
          .contains("'topic' = 'orders'");
    }
    Path relations = temp.resolve("data").resolve("catalog").resolve("relations.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(relations)))
        .isEqualTo("rw-------");
  }

  /**
   * Asserts that every file under {@code folder} (hidden ones included) really lies inside it, and
   * that a name derived from an object's name appears in its path only as {@code encoded}: with
   * those removed, no part of the path speaks of {@code escape} or holds {@code ..}.
   */
  private static void assertEveryFileInside(Path folder, String... encoded) throws Exception {
    Path real = folder.toRealPath();
    List<Path> files = filesUnder(folder);
    assertThat(files).as("files under %s", folder).isNotEmpty();
    for (Path file : files) {
      Path resolved;
      try {
        resolved = file.toRealPath();
      } catch (NoSuchFileException renamed) {
        // a checkpoint's staging file renamed since the listing (queries keep running): the folder
        // it was written in is what must lie inside
        resolved = file.getParent().toRealPath();
      }
      // resolved already: startsWith would resolve it again, and the file may be renamed by now
      assertThat(resolved).as("%s", file).startsWithRaw(real);
      String relative = folder.relativize(file).toString();
      for (String name : encoded) {
        relative = relative.replace(name, "");
      }
      // (a staging file ".<encoded>.json.tmp" leaves "..json.tmp": dots inside a name are
      // harmless, a part that is "..", checked below, is not)
      assertThat(relative).as("%s", folder.relativize(file)).doesNotContain("escape", "../");
      for (Path part : folder.relativize(file)) {
        assertThat(part.toString()).as("%s", file).isNotIn("..", ".");
      }
    }
  }

  /** Every regular file under {@code folder}, hidden ones included. */
  private static List<Path> filesUnder(Path folder) throws Exception {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static List<String> names(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith(".")).toList();
    }
  }
}
