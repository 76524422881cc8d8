package dev.tokenwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code tokenwatch run | replay | backtest | rules | samples}. */
@Command(name = "tokenwatch", mixinStandardHelpOptions = true, version = "tokenwatch 0.1.0",
        description = "Watches how registry access tokens are used and alerts on misuse.",
        subcommands = {RunCommand.class, ReplayCommand.class, BacktestCommand.class, RulesCommand.class, SamplesCommand.class, BenchCommand.class, EsCommand.class, DashboardsCommand.class})
public final class TokenwatchCli implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return new CommandLine(new TokenwatchCli())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (!(e instanceof UsageException)) throw e;
                    commandLine.getErr().println(e.getMessage());
                    return 2;
                })
                .execute(args);
    }
}
