package org.diffusion4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** What a module offers other modules, and which libraries belong to the command line alone. */
@AnalyzeClasses(packages = "org.diffusion4j", importOptions = ImportOption.DoNotIncludeTests.class)
class PublicInternalLineTest {

    /**
     * A package named {@code internal}, anywhere under a module, is that module's own: it may change without notice, so
     * another module (the api and the command line included) must reach it only through the module's public packages.
     */
    @ArchTest
    static final ArchRule internal_packages_are_used_only_by_their_own_module = classes()
            .that().resideInAPackage("org.diffusion4j..internal..")
            .should(beUsedOnlyFromTheirOwnModule())
            .allowEmptyShould(true)
            .because("a module's internal packages are not part of its public surface");

    /**
     * Printing progress and parsing options belong to the command line; a library class that did either would print
     * into its callers' output or tie them to picocli.
     */
    @ArchTest
    static final ArchRule only_cli_uses_picocli_or_progress_bars = noClasses()
            .that().resideOutsideOfPackage(Modules.packageOf("cli"))
            .should().dependOnClassesThat().resideInAnyPackage("picocli..", "me.tongfei..")
            .because("option parsing and progress bars belong to the command line");

    private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnModule() {
        return new ArchCondition<>("be used only from their own module") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                String module = Modules.moduleOf(internal);
                for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
                    String user = Modules.moduleOf(dependency.getOriginClass());
                    if (!user.equals(module)) {
                        events.add(SimpleConditionEvent.violated(dependency,
                                "module " + user + " uses " + module + "'s internal " + internal.getName() + ": "
                                        + dependency.getDescription()));
                    }
                }
            }
        };
    }
}
