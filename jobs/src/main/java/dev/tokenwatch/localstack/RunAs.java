package dev.tokenwatch.localstack;

import java.io.IOException;
import java.nio.file.Path;
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
     * Fails with a message naming the directory when nobody cannot run {@code program} or write in
     * {@code workDir}, as with a checkout under root's 0700 home.
     */
    static void requireUsableByNobody(Path program, Path workDir) throws IOException {
        for (var check : List.of(List.of("-x", program.toString()), List.of("-w", workDir.toString()))) {
            List<String> cmd = new java.util.ArrayList<>(nobody());
            cmd.add("test");
            cmd.addAll(check);
            try {
                if (new ProcessBuilder(cmd).start().waitFor() != 0) {
                    throw new IOException("Elasticsearch refuses to run as root, so it runs as nobody, who cannot "
                            + (check.get(0).equals("-x") ? "run " : "write in ") + check.get(1)
                            + ": put it under directories everyone may enter (not a 0700 home), e.g. /opt or /var/tmp");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private static void run(String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) throw new IOException("failed (exit " + p.exitValue() + "): " + String.join(" ", cmd));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
