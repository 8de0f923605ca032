package dev.phishnet.commandapi.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain is decided by pure functions over records: frameworks and wire formats stay in the adapters. */
@AnalyzeClasses(packages = "dev.phishnet.commandapi", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainPurityTest {

    @ArchTest
    static final ArchRule userDomainDependsOnNoFrameworkOrWireFormat = noClasses()
            .that().resideInAPackage("..commandapi.user..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..",
                    "org.apache.kafka..",
                    "org.apache.avro..",
                    "com.mongodb..",
                    "org.bson..",
                    "dev.phishnet.schemas..");

    @ArchTest
    static final ArchRule sessionDomainDependsOnNoFrameworkOrWireFormat = noClasses()
            .that().resideInAPackage("..commandapi.session..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..",
                    "org.apache.kafka..",
                    "org.apache.avro..",
                    "com.mongodb..",
                    "org.bson..",
                    "dev.phishnet.schemas..");

    @ArchTest
    static final ArchRule analysisAndThreatIntelDomainsDependOnNoFrameworkOrWireFormat = noClasses()
            .that().resideInAnyPackage("..commandapi.analysis..", "..commandapi.threatintel..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..",
                    "org.apache.kafka..",
                    "org.apache.avro..",
                    "com.mongodb..",
                    "org.bson..",
                    "dev.phishnet.schemas..");
}
