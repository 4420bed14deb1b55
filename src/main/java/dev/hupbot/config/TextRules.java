package dev.hupbot.config;

import dev.hupbot.config.TextRule.Checked;
import dev.hupbot.config.TextRule.Text;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The string rules of {@code bots.toml}; each message says what is wrong and how to fix it. */
final class TextRules {
    private TextRules() {}

    /** Twitch refuses longer chat messages. */
    static final int MAX_CHAT_MESSAGE = 500;

    private static final Pattern LOGIN = Pattern.compile("[a-z0-9_]{3,25}");
    private static final Pattern USER = Pattern.compile("[a-z0-9_]{1,25}");
    private static final Pattern COMMAND = Pattern.compile("[a-z0-9_-]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    static final List<String> ROLES = List.of("chatter", "moderator");
    static final List<String> PRESENCES = List.of("always", "live");
    static final List<String> PERMISSIONS = List.of("everyone", "subscriber", "vip", "moderator", "broadcaster");
    static final List<String> EXEMPT_ROLES = List.of("subscriber", "vip", "moderator", "broadcaster");

    static final TextRule ANY = text -> Checked.ok(text.value());

    /** {@code name}: the bot account's login. */
    static final TextRule LOGIN_NAME = text -> {
        String v = text.value();
        if (LOGIN.matcher(v).matches()) {
            return Checked.ok(v);
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (LOGIN.matcher(lower).matches() && !text.hidden()) {
            return Checked.bad(text.shown() + " is not a valid Twitch login; use lower case: name = " + Values.quote(lower));
        }
        return Checked.bad(text.shown() + " is not a valid Twitch login; use 3 to 25 lower-case letters, digits or _");
    };

    /** A channel is stored without its {@code #}: Twitch logins never start with one. */
    static final TextRule CHANNEL = text -> {
        String v = text.value().startsWith("#") ? text.value().substring(1) : text.value();
        if (LOGIN.matcher(v).matches()) {
            return Checked.ok(v);
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (LOGIN.matcher(lower).matches() && !text.hidden()) {
            return Checked.bad("channel " + text.shown() + " is not a valid Twitch channel name; use lower case: " + Values.quote(lower));
        }
        return Checked.bad("channel " + text.shown()
                + " is not a valid Twitch channel name; use 3 to 25 lower-case letters, digits or _ (a leading # is allowed)");
    };

    /**
     * An ignored user: Twitch matches logins case-insensitively and people paste {@code @name}
     * from chat, so both are normalised rather than refused.
     */
    static final TextRule USER_LOGIN = text -> {
        String v = text.value().startsWith("@") ? text.value().substring(1) : text.value();
        v = v.toLowerCase(Locale.ROOT);
        if (USER.matcher(v).matches()) {
            return Checked.ok(v);
        }
        return Checked.bad("user " + text.shown() + " is not a valid Twitch login; use letters, digits or _ (up to 25)");
    };

    /** Command names and aliases, written without the prefix. */
    static final TextRule COMMAND_NAME = text -> {
        String v = text.value();
        if (COMMAND.matcher(v).matches()) {
            return Checked.ok(v);
        }
        String stripped = v.replaceFirst("^[!?.~$#/]+", "").toLowerCase(Locale.ROOT);
        if (!stripped.isEmpty() && COMMAND.matcher(stripped).matches()) {
            return Checked.bad("invalid command name " + text.shown() + "; write it as " + Values.quote(stripped)
                    + " (lower case, without the prefix; command_prefix adds it)");
        }
        return Checked.bad("invalid command name " + text.shown() + "; use lower-case letters, digits, _ or -");
    };

    static final TextRule ROLE = oneOf("role", ROLES);
    static final TextRule PRESENCE = oneOf("presence", PRESENCES);
    static final TextRule PERMISSION = oneOf("permission", PERMISSIONS);

    static final TextRule EXEMPT_ROLE = text -> {
        if (text.value().equals("everyone")) {
            return Checked.bad("exempting \"everyone\" would switch moderation off; list only "
                    + listed(EXEMPT_ROLES) + ", or set dry_run = true to watch without acting");
        }
        return oneOf("exempt role", EXEMPT_ROLES).check(text);
    };

    static final TextRule URL = text -> {
        String v = text.value();
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme();
            if (scheme != null && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Checked.ok(v);
            }
        } catch (URISyntaxException e) {
            // reported below with the expectation
        }
        return Checked.bad("expected an http:// or https:// URL, got " + text.shown()
                + "; e.g. base_url = \"" + AiConfig.DEFAULT_BASE_URL + "\"");
    };

    static final TextRule MODEL = text -> text.value().isBlank()
            ? Checked.bad("model name is empty; name a model, e.g. \"" + AiConfig.DEFAULT_MODEL + "\"")
            : Checked.ok(text.value());

    static final TextRule RULE_TEXT = text -> text.value().isBlank()
            ? Checked.bad("empty rule; write the rule as a sentence, e.g. \"no spam\", or remove it")
            : Checked.ok(text.value());

    static final TextRule PREFIX = text -> {
        String v = text.value();
        if (v.isEmpty() || WHITESPACE.matcher(v).find()) {
            return Checked.bad("expected a non-empty prefix without spaces, got " + text.shown() + "; e.g. command_prefix = \"!\"");
        }
        return Checked.ok(v);
    };

    /** Text the bot sends as it is (intro message); "" means none. */
    static final TextRule CHAT_TEXT = text -> tooLong(text) ? Checked.bad(lengthMessage(text)) : Checked.ok(text.value());

    /** Text the bot sends that must say something (command response, timer message). */
    static final TextRule REQUIRED_CHAT_TEXT = text -> {
        if (text.value().isBlank()) {
            return Checked.bad("empty message; write the text to send, or remove the entry");
        }
        return CHAT_TEXT.check(text);
    };

    /** Tokens and keys: never echoed; whitespace is almost always a paste accident. */
    static final TextRule CREDENTIAL = text -> WHITESPACE.matcher(text.value()).find()
            ? Checked.bad("contains whitespace (a stray space or line break?); remove it")
            : Checked.ok(text.value());

    private static boolean tooLong(Text text) {
        return text.value().codePointCount(0, text.value().length()) > MAX_CHAT_MESSAGE;
    }

    private static String lengthMessage(Text text) {
        return "is " + text.value().codePointCount(0, text.value().length()) + " characters long; Twitch refuses chat messages over "
                + MAX_CHAT_MESSAGE + ", shorten it";
    }

    static TextRule oneOf(String what, List<String> allowed) {
        return text -> {
            if (allowed.contains(text.value())) {
                return Checked.ok(text.value());
            }
            Optional<String> close = Spelling.closest(text.value(), allowed);
            if (close.isPresent() && !text.hidden()) {
                return Checked.bad("unknown " + what + " " + text.shown() + "; did you mean \"" + close.get() + "\"?");
            }
            return Checked.bad("unknown " + what + " " + text.shown() + "; use " + listed(allowed));
        };
    }

    /** {@code "a" or "b"}, {@code "a", "b" or "c"}. */
    static String listed(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                sb.append(i == words.size() - 1 ? " or " : ", ");
            }
            sb.append('"').append(words.get(i)).append('"');
        }
        return sb.toString();
    }
}
