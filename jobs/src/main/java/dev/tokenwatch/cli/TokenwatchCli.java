package dev.tokenwatch.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point: {@code tokenwatch run | replay | backtest | tokens | triage | rules | samples | bench | es | dashboards}. Its scope is
 * INHERIT so that every subcommand, nested ones too, answers {@code --version} from the same provider.
 */
@Command(name = "tokenwatch", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, scope = ScopeType.INHERIT,
        description = "Watches how registry access tokens are used and alerts on misuse.",
        subcommands = {RunCommand.class, ReplayCommand.class, BacktestCommand.class, TokensCommand.class, TriageCommand.class, EvalCommand.class, RulesCommand.class, SamplesCommand.class, BenchCommand.class, EsCommand.class, DashboardsCommand.class, NotifyCommand.class, ReceiveCommand.class})
public final class TokenwatchCli implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Also show Flink's own warnings and informational messages (hidden by default).")
    void verbose(boolean on) {
        if (on) {
            Configurator.setRootLevel(Level.INFO);
            Configurator.setLevel("org.apache.flink", Level.INFO);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        LogFormat.select(); // before anything logs
        int code = execute(args);
        // Submitted to a cluster and left running there: return to Flink's CLI (or the job manager, in application mode).
        if (code == 0 && RunCommand.submittedDetached) return;
        System.exit(code);
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
