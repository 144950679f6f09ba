package io.hwoffload.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN.md §2: dependencies point downward only, and the pure modules do no I/O. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.hwoffload");
    }

    @Test
    void flowsDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("io.hwoffload.flows..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.hwoffload.core..", "io.hwoffload.host..", "io.hwoffload.operator..", "io.hwoffload.cli..")
                .check(classes);
    }

    @Test
    void coreDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("io.hwoffload.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.hwoffload.host..", "io.hwoffload.operator..", "io.hwoffload.cli..")
                .check(classes);
    }

    @Test
    void hostDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("io.hwoffload.host..")
                .should().dependOnClassesThat().resideInAnyPackage("io.hwoffload.operator..", "io.hwoffload.cli..")
                .check(classes);
    }

    @Test
    void operatorDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("io.hwoffload.operator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.hwoffload.cli..")
                .check(classes);
    }

    @Test
    void pureModulesDoNoIo() {
        noClasses().that().resideInAnyPackage("io.hwoffload.flows..", "io.hwoffload.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .because("core and flows are pure functions over immutable records; I/O lives in host and above")
                .check(classes);
    }
}
