package dev.tokenwatch.cli;

import dev.tokenwatch.build.BuildProperties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the Maven project version the jar was built from, so it cannot drift from the pom. */
final class BuildVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"tokenwatch " + BuildProperties.get("tokenwatch.version")};
    }
}
