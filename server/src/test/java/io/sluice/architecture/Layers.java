package io.sluice.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;

/**
 * The server's packages as layers, lowest first: each may import the layers below it and none
 * above. Data flows up the list, from SQL text to a row in a sink or at a client.
 */
final class Layers {
  /** Package names under the root, lowest layer first; equal-rank packages share a list entry. */
  static final List<List<String>> ORDER =
      List.of(
          List.of("spi"),
          List.of("error"),
          List.of("sql"),
          List.of("catalog"),
          List.of("plan"),
          List.of("exec"),
          List.of("connector"),
          List.of("server"),
          List.of("jdbc", "http"),
          List.of("launcher"));

  private Layers() {}

  /** No upward import between the layers under {@code root} (e.g. {@code io.sluice}). */
  static ArchRule noUpwardImports(String root) {
    LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (List<String> rank : ORDER) {
      for (String layer : rank) {
        architecture = architecture.layer(layer).definedBy(root + "." + layer + "..");
      }
    }
    for (int rank = 0; rank < ORDER.size(); rank++) {
      List<String> above =
          ORDER.subList(rank + 1, ORDER.size()).stream().flatMap(List::stream).toList();
      for (String layer : ORDER.get(rank)) {
        architecture =
            above.isEmpty()
                ? architecture.whereLayer(layer).mayNotBeAccessedByAnyLayer()
                : architecture
                    .whereLayer(layer)
                    .mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
      }
    }
    return architecture.allowEmptyShould(true);
  }

  /** No two top-level packages under {@code root} import each other, directly or not. */
  static ArchRule noCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true);
  }
}
