package io.sluice.scenario;

import io.sluice.e2e.TestingServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code scenarios/*.scenario} file against one real server, one test per query block, and
 * one more per file comparing the plans of its queries with {@code scenarios/plans/<file>.plans}.
 * {@code -Dplans.update=true} writes those files from the plans the queries have now (see the
 * scenarios README), so a plan change shows up as a diff.
 */
class ScenarioTest {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
  private static final boolean UPDATE_PLANS = Boolean.getBoolean("plans.update");

  /** Where plan files are written, relative to the server module (Maven's working directory). */
  private static final Path PLAN_SOURCES =
      Path.of("src", "test", "resources", "scenarios", "plans");

  @TempDir static Path temp;
  private static TestingServer server;

  @BeforeAll
  static void startServer() {
    server = new TestingServer(temp.resolve("data"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @TestFactory
  Stream<DynamicNode> scenarios() throws IOException, URISyntaxException {
    List<DynamicNode> containers = new ArrayList<>();
    for (Path file : scenarioFiles()) {
      Scenario scenario =
          ScenarioParser.parse(
              file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      containers.add(
          DynamicContainer.dynamicContainer(
              scenario.file() + ": " + scenario.name(), file.toUri(), tests(scenario)));
    }
    return containers.stream();
  }

  private static Stream<DynamicNode> tests(Scenario scenario) {
    Path input = temp.resolve("inputs").resolve(scenario.file().replaceFirst("\\.scenario$", ""));
    ScenarioRunner runner = new ScenarioRunner(scenario, input, server::connect, QUERY_TIMEOUT);
    List<Scenario.Query> queries = scenario.queries();
    List<DynamicNode> tests = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      Scenario.Query query = queries.get(i);
      boolean last = i == queries.size() - 1;
      tests.add(
          DynamicTest.dynamicTest(
              query.title(),
              () -> {
                try {
                  runner.run(query);
                } finally {
                  if (last) {
                    runner.close();
                  }
                }
              }));
    }
    tests.add(DynamicTest.dynamicTest("plans", () -> checkPlans(scenario, runner.plans())));
    return tests.stream();
  }

  private static void checkPlans(Scenario scenario, List<String> plans) throws IOException {
    String name = scenario.file().replaceFirst("\\.scenario$", ".plans");
    String actual =
        "# Plans of the queries of "
            + scenario.file()
            + ", as EXPLAIN shows them. Regenerate: see scenarios/README.md.\n\n"
            + String.join("\n", plans);
    if (UPDATE_PLANS) {
      Files.createDirectories(PLAN_SOURCES);
      Files.writeString(PLAN_SOURCES.resolve(name), actual, StandardCharsets.UTF_8);
      return;
    }
    URL stored = ScenarioTest.class.getResource("/scenarios/plans/" + name);
    if (stored == null) {
      Assertions.fail(
          "No plan file scenarios/plans/" + name + "; write it with -Dplans.update=true");
    }
    String expected;
    try {
      expected = Files.readString(Path.of(stored.toURI()), StandardCharsets.UTF_8);
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    Assertions.assertThat(actual)
        .as("plans of %s (accept a change with -Dplans.update=true)", scenario.file())
        .isEqualTo(expected);
  }

  static List<Path> scenarioFiles() throws IOException, URISyntaxException {
    URL folder = ScenarioTest.class.getResource("/scenarios");
    if (folder == null) {
      throw new IllegalStateException("No scenarios folder on the test class path");
    }
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      String only = System.getProperty("scenario", "");
      List<Path> found =
          files
              .filter(p -> p.toString().endsWith(".scenario"))
              .filter(p -> only.isEmpty() || p.getFileName().toString().contains(only))
              .sorted()
              .toList();
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "No .scenario files in "
                + folder
                + (only.isEmpty() ? "" : " whose name contains '" + only + "'"));
      }
      return found;
    }
  }
}
