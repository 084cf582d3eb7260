package org.diffusion4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.diffusion4j.architecture.Modules.packageOf;
import static org.diffusion4j.architecture.Modules.packagesOf;
import static org.diffusion4j.architecture.Modules.packagesOfAllBut;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module layering that docs/ARCHITECTURE.md draws: arrows point at what a module uses, nothing points back. Each
 * rule names one module and the modules it must not use, so a failure says which arrow was drawn the wrong way.
 * Maven's dependencies already stop a module from compiling against a module it does not declare; these rules also
 * hold when a pom gains a dependency it should not have, and say why.
 */
@AnalyzeClasses(packages = "org.diffusion4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleLayeringTest {

    /** Every class lives in a module's package, so that no class escapes the layering rules below. */
    @ArchTest
    static final ArchRule every_class_is_in_a_module = classes()
            .should().resideInAnyPackage(packagesOf(Modules.ALL.toArray(String[]::new)))
            .because("the layering rules know a class's module by its package org.diffusion4j.<module>");

    /**
     * core is plain Java at the bottom: schedules, samplers and the denoiser interface are tested in milliseconds
     * against exact oracles, and a SavedModel, a network or a remote model can all be a Denoiser because core knows none
     * of them.
     */
    @ArchTest
    static final ArchRule core_uses_no_other_module_and_no_tensorflow = noClasses()
            .that().resideInAPackage(packageOf("core"))
            .should().dependOnClassesThat().resideInAnyPackage(concat(packagesOfAllBut("core"), "org.tensorflow.."))
            .because("core is plain Java under every other module (docs/ARCHITECTURE.md)");

    /** Reading data sets needs images, not networks: datasets sits on core alone. */
    @ArchTest
    static final ArchRule datasets_uses_only_core = noClasses()
            .that().resideInAPackage(packageOf("datasets"))
            .should().dependOnClassesThat().resideInAnyPackage(packagesOfAllBut("datasets", "core"))
            .because("datasets depends on core only (docs/ARCHITECTURE.md)");

    /** Graph building never touches data files or training: models sits on core alone. */
    @ArchTest
    static final ArchRule models_uses_only_core = noClasses()
            .that().resideInAPackage(packageOf("models"))
            .should().dependOnClassesThat().resideInAnyPackage(packagesOfAllBut("models", "core"))
            .because("models depends on core only (docs/ARCHITECTURE.md)");

    /** Metrics score images and features; they read data sets and run networks, and know nothing of training. */
    @ArchTest
    static final ArchRule evaluation_uses_only_core_datasets_and_models = noClasses()
            .that().resideInAPackage(packageOf("evaluation"))
            .should().dependOnClassesThat().resideInAnyPackage(
                    packagesOfAllBut("evaluation", "core", "datasets", "models"))
            .because("evaluation depends on core, datasets and models (docs/ARCHITECTURE.md)");

    /** Export and import of SavedModels are about networks only; a SavedModel user needs no training or data sets. */
    @ArchTest
    static final ArchRule interop_uses_only_core_and_models = noClasses()
            .that().resideInAPackage(packageOf("interop"))
            .should().dependOnClassesThat().resideInAnyPackage(packagesOfAllBut("interop", "core", "models"))
            .because("interop depends on models only (docs/ARCHITECTURE.md)");

    /** Training never knows which sampler or benchmark will use its runs, nor how it was started. */
    @ArchTest
    static final ArchRule training_uses_only_core_datasets_models_and_evaluation = noClasses()
            .that().resideInAPackage(packageOf("training"))
            .should().dependOnClassesThat().resideInAnyPackage(
                    packagesOfAllBut("training", "core", "datasets", "models", "evaluation"))
            .because("training depends on core, datasets, models and evaluation (docs/ARCHITECTURE.md)");

    /** Benchmarks measure what the lower modules build; only the command line and nothing else runs them. */
    @ArchTest
    static final ArchRule bench_uses_only_core_datasets_models_evaluation_and_training = noClasses()
            .that().resideInAPackage(packageOf("bench"))
            .should().dependOnClassesThat().resideInAnyPackage(
                    packagesOfAllBut("bench", "core", "datasets", "models", "evaluation", "training"))
            .because("bench depends on core, datasets, models, evaluation and training (docs/ARCHITECTURE.md)");

    /** The library's front door may use every library module, but not benchmarks nor the command line built on it. */
    @ArchTest
    static final ArchRule api_uses_neither_bench_nor_cli = noClasses()
            .that().resideInAPackage(packageOf("api"))
            .should().dependOnClassesThat().resideInAnyPackage(packagesOf("bench", "cli"))
            .because("api is a library front door under the command line, and benchmarks are not part of it");

    /** The command line is the top: printing and option parsing never leak into what a library user calls. */
    @ArchTest
    static final ArchRule nothing_but_cli_uses_cli = noClasses()
            .that().resideOutsideOfPackage(packageOf("cli"))
            .should().dependOnClassesThat().resideInAPackage(packageOf("cli"))
            .because("cli is the top of the layering (docs/ARCHITECTURE.md)");

    /**
     * api is the front door for library users and the command line; a lower module using it would turn the layering
     * into a cycle. (The architecture tests themselves are not imported.)
     */
    @ArchTest
    static final ArchRule nothing_but_cli_uses_api = noClasses()
            .that().resideOutsideOfPackages(packagesOf("cli", "api"))
            .should().dependOnClassesThat().resideInAPackage(packageOf("api"))
            .because("only the command line is built on the api");

    /** testdata holds fixtures for tests; main code that used it would ship test fixtures (and JUnit) to users. */
    @ArchTest
    static final ArchRule no_main_code_uses_testdata = noClasses()
            .that().resideOutsideOfPackage(packageOf("testdata"))
            .should().dependOnClassesThat().resideInAPackage(packageOf("testdata"))
            .because("testdata is a test-scope module (docs/ARCHITECTURE.md)");

    private static String[] concat(String[] packages, String... more) {
        String[] all = java.util.Arrays.copyOf(packages, packages.length + more.length);
        System.arraycopy(more, 0, all, packages.length, more.length);
        return all;
    }
}
