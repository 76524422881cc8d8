package dev.tokenwatch.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Running a server that refuses root (Elasticsearch) from a root shell, as on CI machines and
 * containers: as {@code nobody}, through util-linux's {@code setpriv}, owning its work directory.
 */
final class RunAs {
    private RunAs() {}

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command prefix that runs the rest of a command line as nobody. */
    static List<String> nobody() {
        return List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
    }

    static void giveToNobody(Path dir) throws IOException {
        run("chown", "-R", "nobody:nogroup", dir.toString());
        // A temporary directory is created 0700; nobody must be able to enter it.
        run("chmod", "755", dir.toString());
    }

    /**
     * Fails with a message naming the path when nobody cannot run {@code program} or write in
     * {@code workDir}, as with a checkout under root's 0700 home.
     */
    static void requireUsableByNobody(Path program, Path workDir) throws IOException {
        requireAsNobody("-x", program, "run");
        requireAsNobody("-w", workDir, "write in");
    }

    private static void requireAsNobody(String testFlag, Path path, String what) throws IOException {
        List<String> cmd = new ArrayList<>(nobody());
        cmd.addAll(List.of("test", testFlag, path.toString()));
        if (exitCode(cmd) != 0) {
            throw new IOException("Elasticsearch refuses to run as root, so it runs as nobody, who cannot " + what + " " + path
                    + ": put it under directories everyone may enter (not a 0700 home), e.g. /opt or /var/tmp");
        }
    }

    private static void run(String... cmd) throws IOException {
        int exit = exitCode(List.of(cmd));
        if (exit != 0) throw new IOException("failed (exit " + exit + "): " + String.join(" ", cmd));
    }

    private static int exitCode(List<String> cmd) throws IOException {
        try {
            return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
