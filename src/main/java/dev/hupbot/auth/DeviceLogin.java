package dev.hupbot.auth;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code hupbot auth login NAME}: Twitch's Device Code Grant for one bot. It prints where to go
 * and the code to type, polls {@code /token} at the interval Twitch gave (five seconds more
 * after each {@code slow_down}), then checks with {@code /validate} that the token is bot NAME's
 * account and carries the scopes its role needs. Only then is anything stored; a token that fails
 * the check is revoked at once, so no stray grant is left behind.
 *
 * <p>Nothing printed here contains a token or the device code.
 */
public final class DeviceLogin {
    public static final int STORED = 0;
    public static final int REFUSED = 1;
    public static final int TROUBLE = 2;
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    /** Waits between polls; tests pass one that moves their clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The exit code and the last line for the user. */
    public record Result(int exitCode, String message) {}

    private final TwitchOAuth oauth;
    private final String clientId;
    private final TokenStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintWriter out;

    public DeviceLogin(TwitchOAuth oauth, String clientId, TokenStore store, Clock clock, Sleeper sleeper, PrintWriter out) {
        this.oauth = oauth;
        this.clientId = clientId;
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.out = out;
    }

    /** Logs in bot {@code bot} (its Twitch login) with {@code scopes}. */
    public Result login(String bot, List<String> scopes) {
        DeviceCode code;
        try {
            code = oauth.device(clientId, scopes);
        } catch (AuthTrouble e) {
            return new Result(TROUBLE, "hupbot auth login: " + e.getMessage());
        }
        out.println("To log in bot " + bot + ", open " + code.verificationUri());
        out.println("and enter the code " + code.userCode() + " while signed in to Twitch as " + bot + ".");
        out.println("Scopes asked for: " + String.join(" ", scopes));
        out.println("Waiting for the approval (the code expires in " + minutes(code.expiresIn()) + ")...");
        out.flush();
        OAuthTokens tokens;
        try {
            tokens = await(bot, code, scopes);
        } catch (Refused r) {
            return new Result(REFUSED, r.getMessage());
        } catch (AuthTrouble e) {
            return new Result(TROUBLE, "hupbot auth login: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(TROUBLE, "hupbot auth login: interrupted; nothing stored");
        }
        return check(bot, scopes, tokens);
    }

    private OAuthTokens await(String bot, DeviceCode code, List<String> scopes) throws InterruptedException {
        Instant deadline = clock.instant().plus(code.expiresIn());
        Duration interval = code.interval();
        while (true) {
            if (!clock.instant().isBefore(deadline)) {
                throw new Refused(expired(bot));
            }
            sleeper.sleep(interval);
            TwitchOAuth.DevicePoll poll = oauth.poll(clientId, code, scopes);
            switch (poll.kind()) {
                case GRANTED:
                    return Objects.requireNonNull(poll.tokens());
                case PENDING:
                    break;
                case SLOW_DOWN:
                    interval = interval.plus(SLOW_DOWN_STEP);
                    break;
                case EXPIRED:
                    throw new Refused(expired(bot));
                case DENIED:
                    throw new Refused("bot " + bot + ": the login was denied at Twitch; nothing stored."
                            + " Run hupbot auth login " + bot + " again and choose Authorize");
                default:
                    throw new IllegalStateException("unknown poll answer " + poll.kind());
            }
        }
    }

    private Result check(String bot, List<String> scopes, OAuthTokens tokens) {
        TokenValidation v = oauth.validate(tokens.accessToken());
        if (v.verdict() == TokenValidation.Verdict.UNKNOWN) {
            forget(tokens);
            return new Result(TROUBLE, "hupbot auth login: could not check the new token at " + oauth.baseUrl()
                    + "/validate (no answer); nothing stored, try again");
        }
        if (v.verdict() == TokenValidation.Verdict.INVALID) {
            return new Result(REFUSED, "bot " + bot + ": Twitch does not accept the token it just issued; nothing stored,"
                    + " run hupbot auth login " + bot + " again");
        }
        if (!v.login().equals(bot)) {
            forget(tokens);
            return new Result(REFUSED, "bot " + bot + ": the code was approved by Twitch account " + v.login() + ", not "
                    + bot + "; nothing stored. Sign in to Twitch as " + bot + " (a private browser window helps)"
                    + " and run hupbot auth login " + bot + " again");
        }
        List<String> missing = RequiredScopes.missing(scopes, v.scopes());
        if (!missing.isEmpty()) {
            forget(tokens);
            return new Result(REFUSED, "bot " + bot + ": the token lacks " + String.join(" ", missing)
                    + "; nothing stored. Run hupbot auth login " + bot + " again and approve every scope");
        }
        Instant now = clock.instant();
        Duration expiresIn = v.expiresIn().isZero() ? tokens.expiresIn() : v.expiresIn();
        try {
            store.put(bot, new StoredToken(v.login(), v.userId(), tokens.accessToken(), tokens.refreshToken(), v.scopes(),
                    expiresIn.isZero() ? null : now.plus(expiresIn), now));
        } catch (RuntimeException e) {
            forget(tokens);
            return new Result(TROUBLE, "hupbot auth login: " + e.getMessage());
        }
        return new Result(STORED, "bot " + bot + ": logged in as " + v.login() + " with " + String.join(" ", v.scopes())
                + "; token stored in " + store.file() + (expiresIn.isZero() ? "" : " (renewed before it expires in "
                + minutes(expiresIn) + ")"));
    }

    /** Revokes a token that will not be stored, so no unused grant lingers at Twitch. */
    private void forget(OAuthTokens tokens) {
        try {
            oauth.revoke(clientId, tokens.accessToken());
        } catch (AuthTrouble e) {
            // best effort: the token is not stored either way
        }
    }

    private static String expired(String bot) {
        return "bot " + bot + ": the code expired before it was approved; nothing stored. Run hupbot auth login "
                + bot + " again and enter the new code sooner";
    }

    static String minutes(Duration d) {
        long m = d.toMinutes();
        if (m >= 120) {
            return (m / 60) + " h";
        }
        return m >= 1 ? m + " min" : d.toSeconds() + " s";
    }

    /** A refusal the user can fix by logging in again (exit 1). */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

}
