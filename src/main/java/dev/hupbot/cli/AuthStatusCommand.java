package dev.hupbot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hupbot.auth.StoredToken;
import dev.hupbot.auth.TokenSource;
import dev.hupbot.auth.TokenStore;
import dev.hupbot.auth.TokenValidation;
import dev.hupbot.auth.TwitchOAuth;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.Secret;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hupbot auth status [--json]}: each bot's token source (file, env, store, none; that is
 * the precedence), the account and scopes Twitch says it has, when it expires and when it was last
 * validated. Every token is asked about at {@code /validate} now; no token text is printed.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show each bot's token: source (file > env > store), login, scopes, expiry.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every enabled bot has a valid token", "1:an enabled bot has none, or Twitch rejects it",
            "2:trouble (the bots file is invalid, the token store unreadable)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hupbot auth status                 a table of the bots' tokens",
            "  hupbot auth status --json          the same as JSON"
        })
final class AuthStatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin AuthOptions options = new AuthOptions();

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    private final Environment environment;

    AuthStatusCommand() {
        this(Environment.system());
    }

    AuthStatusCommand(Environment environment) {
        this.environment = environment;
    }

    /** One bot's line. */
    record Row(String bot, boolean enabled, TokenSource source, String state, String login, List<String> scopes,
            @Nullable Duration expiresIn, @Nullable Instant validatedAt) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<BotsConfig> bots = AuthBots.load("status", options.configOption.config, options.configOption.variables(environment), err);
        if (bots.isEmpty()) {
            return 2;
        }
        Map<String, StoredToken> stored;
        try {
            stored = new TokenStore(options.dataOption.data).all();
        } catch (UncheckedIOException e) {
            err.println("hupbot auth status: " + e.getMessage());
            return 2;
        }
        TwitchOAuth oauth = new TwitchOAuth(options.twitchAuthUrl);
        Instant now = Clock.systemUTC().instant();
        List<Row> rows = bots.get().bots().stream().map(b -> row(b, stored.get(b.name()), oauth, now)).toList();
        if (json) {
            ArrayNode array = JSON.createArrayNode();
            rows.forEach(r -> array.add(json(r)));
            out.println(array.toPrettyString());
        } else {
            TextTable table = new TextTable("BOT", "SOURCE", "STATE", "LOGIN", "SCOPES", "EXPIRES IN>", "LAST VALIDATED");
            for (Row r : rows) {
                table.row(r.bot(), r.source().key(), r.state(), r.login().isEmpty() ? "-" : r.login(),
                        r.scopes().isEmpty() ? "-" : String.join(" ", r.scopes()), left(r.expiresIn()),
                        r.validatedAt() == null ? "-" : r.validatedAt().toString().replaceFirst("\\.\\d+Z$", "Z"));
            }
            out.print(table.render(""));
            for (Row r : rows) {
                if (r.enabled() && r.source() == TokenSource.NONE) {
                    out.println("! bots[" + r.bot() + "]: no token; run `hupbot auth login " + r.bot() + "` or set token");
                }
            }
        }
        out.flush();
        boolean bad = rows.stream().anyMatch(r -> r.enabled() && (r.source() == TokenSource.NONE || r.state().equals("rejected")));
        return bad ? 1 : 0;
    }

    private static Row row(BotConfig bot, @Nullable StoredToken stored, TwitchOAuth oauth, Instant now) {
        TokenSource source = TokenSource.of(bot, stored != null);
        Secret token = switch (source) {
            case FILE, ENV -> bot.token();
            case STORE -> stored.accessToken();
            case NONE -> null;
        };
        if (token == null) {
            return new Row(bot.name(), bot.enabled(), source, "-", "", List.of(), null, null);
        }
        TokenValidation v = oauth.validate(Secret.of(stripOauth(token.reveal())));
        return switch (v.verdict()) {
            case VALID -> new Row(bot.name(), bot.enabled(), source, "valid", v.login(), v.scopes(),
                    v.expiresIn().isZero() ? null : v.expiresIn(), now);
            case INVALID -> source == TokenSource.STORE && stored.refreshToken() != null
                    // an access token expired while hupbot was not running: the refresh token renews it at start
                    ? new Row(bot.name(), bot.enabled(), source, "expired", stored.login(), stored.scopes(), Duration.ZERO,
                            stored.validatedAt())
                    : new Row(bot.name(), bot.enabled(), source, "rejected", "", List.of(), null,
                            stored == null ? null : stored.validatedAt());
            case UNKNOWN -> stored != null && source == TokenSource.STORE
                    ? new Row(bot.name(), bot.enabled(), source, "unchecked", stored.login(), stored.scopes(),
                            stored.expiresAt() == null ? null : Duration.between(now, stored.expiresAt()), stored.validatedAt())
                    : new Row(bot.name(), bot.enabled(), source, "unchecked", "", List.of(), null, null);
        };
    }

    private static String stripOauth(String token) {
        String t = token.trim();
        return t.regionMatches(true, 0, "oauth:", 0, 6) ? t.substring(6) : t;
    }

    private static ObjectNode json(Row r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("bot", r.bot());
        o.put("enabled", r.enabled());
        o.put("source", r.source().key());
        o.put("state", r.state());
        o.put("login", r.login());
        ArrayNode scopes = o.putArray("scopes");
        r.scopes().forEach(scopes::add);
        if (r.expiresIn() == null) {
            o.putNull("expires_in_seconds");
        } else {
            o.put("expires_in_seconds", Math.max(0, r.expiresIn().toSeconds()));
        }
        if (r.validatedAt() == null) {
            o.putNull("last_validated");
        } else {
            o.put("last_validated", r.validatedAt().toString());
        }
        return o;
    }

    private static String left(@Nullable Duration d) {
        if (d == null) {
            return "-";
        }
        if (d.isNegative() || d.isZero()) {
            return "expired";
        }
        long m = d.toMinutes();
        return m >= 60 ? (m / 60) + " h " + (m % 60) + " min" : m >= 1 ? m + " min" : d.toSeconds() + " s";
    }
}
