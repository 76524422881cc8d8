package dev.tokenwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * Entry point: {@code tokenwatch run | replay | backtest | rules | samples | bench | es | dashboards}. Its scope is
 * INHERIT so that every subcommand, nested ones too, answers {@code --version} from the same provider.
 */
@Command(name = "tokenwatch", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, scope = ScopeType.INHERIT,
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
