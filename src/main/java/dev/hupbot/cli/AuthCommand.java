package dev.hupbot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hupbot auth login|status|logout}: the bots' tokens in the data directory's token store. */
@Command(
        name = "auth",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Get, show and forget the bots' Twitch tokens (kept in DATA/tokens.json, mode 0600).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused (wrong account, missing scope, denied or expired code)",
            "2:trouble (no subcommand, no client id, Twitch unreachable, unknown bot)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hupbot auth login chatty           log bot chatty in (device code flow)",
            "  hupbot auth status                 each bot's token: source, login, scopes",
            "  hupbot auth logout chatty          revoke and forget chatty's token"
        },
        subcommands = {AuthLoginCommand.class, AuthStatusCommand.class, AuthLogoutCommand.class})
final class AuthCommand implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("hupbot auth: say login NAME, status or logout NAME");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
