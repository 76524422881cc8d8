package dev.tokenwatch.cli;

import java.nio.file.Path;

/** Where the shipped rules and samples are: {@code TOKENWATCH_HOME} (set by the launcher) or the current directory. */
final class Home {
    private Home() {}

    static Path dir() {
        String home = System.getenv("TOKENWATCH_HOME");
        if (home == null) home = System.getProperty("tokenwatch.repo.root");
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }

    static Path rules() {
        return dir().resolve("rules");
    }

    static Path samples() {
        return dir().resolve("samples");
    }
}
