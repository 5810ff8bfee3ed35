package depot.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** depot-core knows nothing of HTTP: no Javalin, Jetty or servlet types. */
class LayeringTest {
    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("depot.core");

    @Test
    void core_is_free_of_the_web_layer() {
        noClasses().that().resideInAPackage("depot.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
                .check(core);
    }

    @Test
    void core_does_not_reach_up_into_other_modules() {
        noClasses().that().resideInAPackage("depot.core..")
                .should().dependOnClassesThat().resideInAnyPackage("depot.http..", "depot.server..", "depot.format..")
                .check(core);
    }
}
