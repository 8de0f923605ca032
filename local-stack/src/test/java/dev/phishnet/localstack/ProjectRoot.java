package dev.phishnet.localstack;

import java.nio.file.Path;

/** The repository root: from the build's system property, else the parent of the module directory. */
final class ProjectRoot {

    private ProjectRoot() {
    }

    static Path path() {
        var configured = System.getProperty("phishnet.root");
        return (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
    }
}
