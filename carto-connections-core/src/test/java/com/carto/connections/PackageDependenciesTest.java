package com.carto.connections;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The import graph between the core's packages, read from the compiled main classes (DESIGN §2). */
class PackageDependenciesTest {
    private static final String ROOT = "com.carto.connections";
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void noTwoPackagesDependOnEachOtherThroughAnyPath() {
        slices().assignedFrom(new EachPackage()).should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theSpiDependsNeitherOnTheFacadeNorOnTheStoreNorOnInternals() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".spi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT, ROOT + ".internal..", ROOT + ".store..")
                .check(CORE);
    }

    @Test
    void nothingButTheFacadePackageDependsOnTheFacadePackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT)
                .check(CORE);
    }

    @Test
    void errorsDependOnNoOtherPackageOfTheSdk() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".error")
                .should()
                .dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackage(ROOT + ".error")))
                .check(CORE);
    }

    /** One slice per package, the root package included, so {@code spi} and {@code spi.jdbc} are two slices. */
    private static final class EachPackage implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "each package of the core";
        }
    }
}
