package dev.tokenwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tokens}: the token inventory over event files, or (with {@code --es-url}) the job's indices. */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "The token inventory over event files, or with --es-url the job's indices: every token, its owner, status, uses and where from.",
        subcommands = {TokensListCommand.class, TokensShowCommand.class})
final class TokensCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
