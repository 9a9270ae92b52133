package io.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of docs/architecture.md hold in the main code: no cycles, no upward import. */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sluice");
  }

  @Test
  void noPackageCycles() {
    Layers.noCycles("io.sluice").check(main);
  }

  @Test
  void noUpwardImports() {
    Layers.noUpwardImports("io.sluice").check(main);
  }

  @Test
  void operatorsKnowNothingOfPlannerNodes() {
    // Only the translator (exec.translate) meets the planner's nodes; operators take specs.
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.sluice.exec.operator..", "io.sluice.exec.aggregate..", "io.sluice.exec.driver..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.plan.nodes..", "io.sluice.plan.rules..", "org.apache.calcite.rel..")
        .check(main);
  }

  @Test
  void everyStatefulOperatorRestoresEntryByEntryForRescaling() {
    // A query resuming at another parallelism restores through restoreState(in, ownership) only:
    // an operator that writes state but reads it back through restoreState(in) alone would lose
    // it silently there.
    methods()
        .that()
        .haveName("snapshotState")
        .and()
        .areDeclaredInClassesThat()
        .implement(io.sluice.exec.operator.Operator.class)
        .should(
            new ArchCondition<JavaMethod>(
                "be paired with restoreState(DataInputStream, StateOwnership)") {
              @Override
              public void check(JavaMethod method, ConditionEvents events) {
                JavaClass owner = method.getOwner();
                boolean ownershipAware =
                    owner.getMethods().stream()
                        .anyMatch(
                            m ->
                                m.getName().equals("restoreState")
                                    && m.getRawParameterTypes().size() == 2);
                boolean plainOnly =
                    owner.getMethods().stream()
                        .anyMatch(
                            m ->
                                m.getName().equals("restoreState")
                                    && m.getRawParameterTypes().size() == 1);
                if (!ownershipAware || plainOnly) {
                  events.add(
                      SimpleConditionEvent.violated(
                          method,
                          owner.getName()
                              + " must override restoreState(DataInputStream, StateOwnership)"
                              + " and not restoreState(DataInputStream)"));
                }
              }
            })
        .check(main);
  }

  @Test
  void anUpwardImportFailsTheBuild() {
    // io.sluice.archfixture.exec.Operatorish imports io.sluice.archfixture.server.Enginish:
    // the runtime reaching up into the statement layer.
    JavaClasses fixture = new ClassFileImporter().importPackages("io.sluice.archfixture");
    assertThatThrownBy(() -> Layers.noUpwardImports("io.sluice.archfixture").check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Operatorish")
        .hasMessageContaining("Enginish");
  }
}
