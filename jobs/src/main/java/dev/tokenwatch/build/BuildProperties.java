package dev.tokenwatch.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Values the build wrote into {@code tokenwatch/build.properties}: the same in the jar and in the test classpath. */
public final class BuildProperties {
    private BuildProperties() {}

    public static String get(String key) {
        try (InputStream in = BuildProperties.class.getResourceAsStream("/tokenwatch/build.properties")) {
            if (in == null) throw new IllegalStateException("tokenwatch/build.properties is missing from the jar");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
