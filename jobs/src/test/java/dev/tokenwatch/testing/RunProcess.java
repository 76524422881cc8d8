package dev.tokenwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./tokenwatch run} as its own JVM, the way users run it, so a test can kill it with SIGKILL
 * and start it again on the same data directory. Output goes to a log file beside the data.
 */
public final class RunProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private RunProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static RunProcess start(Path log, String... args) throws IOException {
        return start(log, java.util.Map.of(), args);
    }

    /** With these variables added to the environment (credentials, as an operator would give them). */
    public static RunProcess start(Path log, java.util.Map<String, String> env, String... args) throws IOException {
        return command(log, env, "run", args);
    }

    /** Another long-running command ({@code receive}) the same way. */
    public static RunProcess command(Path log, java.util.Map<String, String> env, String subcommand, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(subcommand));
        all.addAll(List.of(args));
        return java(log, env, List.of("-Xmx1g", "-Dtokenwatch.repo.root=" + TestRules.repoRoot(),
                "-Dtokenwatch.geoip.dir=" + System.getProperty("tokenwatch.geoip.dir", "")),
                System.getProperty("java.class.path"), "dev.tokenwatch.cli.TokenwatchCli", all.toArray(String[]::new));
    }

    /** Any main class in a JVM of its own ({@code FlinkClusterIT}'s job manager, task managers and Flink's CLI). */
    public static RunProcess java(Path log, java.util.Map<String, String> env, List<String> jvmArgs, String classPath,
                                  String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        return new RunProcess(process, log);
    }

    /** Waits for the process to end by itself (a command that is not long-running) and gives its exit code. */
    public int waitFor(java.time.Duration wait) throws Exception {
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError("still running after " + wait + ":\n" + log());
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no final checkpoint, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A condition a test waits for; it may throw while the files it reads are being written. */
    public interface Check {
        boolean ok() throws Exception;
    }

    /** Polls {@code check} until it holds; fails at once if the process exits, with its log. */
    public void await(Check check, String what, java.time.Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!check.ok()) {
            if (!alive()) throw new AssertionError(log.getFileName() + ": the process exited while waiting for " + what + ":\n" + log());
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + ":\n" + log());
            Thread.sleep(250);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
