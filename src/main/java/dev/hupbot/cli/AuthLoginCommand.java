package dev.hupbot.cli;

import dev.hupbot.auth.DeviceLogin;
import dev.hupbot.auth.RequiredScopes;
import dev.hupbot.auth.TokenSource;
import dev.hupbot.auth.TokenStore;
import dev.hupbot.auth.TwitchOAuth;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hupbot auth login NAME}: Twitch's device login for bot NAME; the token goes to the store. */
@Command(name = "login", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Log bot NAME in with Twitch's device code flow, storing its token.",
            "Open the URL shown and enter the code, signed in to Twitch as NAME. Needs",
            "TWITCH_CLIENT_ID (a public Twitch application). The token is checked (account",
            "NAME, the scopes its role needs) and only then stored in DATA/tokens.json."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stored", "1:refused (wrong account, missing scope, denied or expired code)",
            "2:trouble (no TWITCH_CLIENT_ID, Twitch unreachable, unknown bot)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hupbot auth login chatty",
            "  docker compose run --rm twitch-bot hupbot auth login chatty"
        })
final class AuthLoginCommand implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin AuthOptions options = new AuthOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The bot (its name in bots.toml, which is its Twitch login).")
    String name = "";

    private final Environment environment;

    AuthLoginCommand() {
        this(Environment.system());
    }

    AuthLoginCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bot = name.trim().toLowerCase(Locale.ROOT);
        String clientId = AuthBots.values(options.configOption.variables(environment), environment)
                .getOrDefault(AuthOptions.CLIENT_ID_VARIABLE, "").strip();
        if (clientId.isEmpty()) {
            err.println("hupbot auth login: " + AuthOptions.CLIENT_ID_VARIABLE + " is not set; register an application"
                    + " at https://dev.twitch.tv/console/apps (client type: Public) and set "
                    + AuthOptions.CLIENT_ID_VARIABLE + " to its client id");
            return DeviceLogin.TROUBLE;
        }
        Optional<BotsConfig> bots = AuthBots.load("login", options.configOption.config, options.configOption.variables(environment), err);
        if (bots.isEmpty()) {
            return DeviceLogin.TROUBLE;
        }
        Optional<BotConfig> config = AuthBots.bot("login", bots.get(), bot, options.configOption.config, err);
        if (config.isEmpty()) {
            return DeviceLogin.TROUBLE;
        }
        List<String> scopes = RequiredScopes.of(config.get().role());
        DeviceLogin login = new DeviceLogin(new TwitchOAuth(options.twitchAuthUrl), clientId,
                new TokenStore(options.dataOption.data), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), out);
        DeviceLogin.Result result = login.login(bot, scopes);
        (result.exitCode() == DeviceLogin.STORED ? out : err).println(result.message());
        TokenSource source = TokenSource.of(config.get(), true);
        if (result.exitCode() == DeviceLogin.STORED && source != TokenSource.STORE) {
            out.println("note: bots.toml gives " + bot + " a token (" + source.key() + "), which comes before the store;"
                    + " remove its token line to use the stored one");
        }
        out.flush();
        err.flush();
        return result.exitCode();
    }
}
