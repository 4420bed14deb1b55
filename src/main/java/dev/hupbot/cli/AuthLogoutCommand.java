package dev.hupbot.cli;

import dev.hupbot.auth.AuthTrouble;
import dev.hupbot.auth.StoredToken;
import dev.hupbot.auth.TokenStore;
import dev.hupbot.auth.TwitchOAuth;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hupbot auth logout NAME}: revokes bot NAME's stored tokens at Twitch and forgets them. */
@Command(name = "logout", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Revoke bot NAME's stored token at Twitch and remove it from the store.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:revoked and removed",
            "2:trouble (nothing stored for NAME, no TWITCH_CLIENT_ID, Twitch unreachable: the token is kept)"},
        footerHeading = "%nExamples:%n",
        footer = {"  hupbot auth logout chatty"})
final class AuthLogoutCommand implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin AuthOptions options = new AuthOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The bot whose stored token to revoke.")
    String name = "";

    private final Environment environment;

    AuthLogoutCommand() {
        this(Environment.system());
    }

    AuthLogoutCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bot = name.trim().toLowerCase(Locale.ROOT);
        TokenStore store = new TokenStore(options.dataOption.data);
        Optional<StoredToken> stored;
        try {
            stored = store.get(bot);
        } catch (UncheckedIOException e) {
            err.println("hupbot auth logout: " + e.getMessage());
            return 2;
        }
        if (stored.isEmpty()) {
            err.println("hupbot auth logout: no stored token for " + bot + " in " + store.file());
            return 2;
        }
        String clientId = AuthBots.values(options.configOption.variables(environment), environment)
                .getOrDefault(AuthOptions.CLIENT_ID_VARIABLE, "").strip();
        if (clientId.isEmpty()) {
            err.println("hupbot auth logout: " + AuthOptions.CLIENT_ID_VARIABLE + " is not set; Twitch needs the client"
                    + " id to revoke the token (set it as for hupbot auth login)");
            return 2;
        }
        TwitchOAuth oauth = new TwitchOAuth(options.twitchAuthUrl);
        try {
            // the refresh token first: revoking it ends the whole grant, the access token with it
            StoredToken t = stored.get();
            if (t.refreshToken() != null) {
                oauth.revoke(clientId, t.refreshToken());
            }
            oauth.revoke(clientId, t.accessToken());
        } catch (AuthTrouble e) {
            err.println("hupbot auth logout: " + e.getMessage() + "; the token is kept, try again");
            return 2;
        }
        try {
            store.remove(bot);
        } catch (UncheckedIOException e) {
            err.println("hupbot auth logout: revoked at Twitch, but " + e.getMessage());
            return 2;
        }
        out.println("bot " + bot + ": token revoked at Twitch and removed from " + store.file());
        return 0;
    }
}
