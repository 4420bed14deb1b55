package dev.hupbot.bot;

import org.jspecify.annotations.Nullable;

/**
 * Values for the placeholders of a command response or timer message: {@code {user}} (the
 * sender's display name), {@code {channel}}, {@code {args}} and {@code {bot}}. A placeholder
 * with no value here, an unknown name, and any other brace text are left as written, so a
 * response that really means to show braces still can.
 */
public record Placeholders(@Nullable String user, @Nullable String channel, @Nullable String args, @Nullable String bot) {

    /** Timers have no sender and no arguments: {@code {user}} and {@code {args}} stay as written. */
    public static Placeholders forTimer(String channel, String bot) {
        return new Placeholders(null, channel, null, bot);
    }

    /**
     * Replaces every known placeholder in one left-to-right pass. Substituted text is never
     * scanned again, so a viewer who types {@code !echo {bot}} gets {@code {bot}} back, not the
     * bot's name, and no input can make the expansion grow beyond one copy of each value.
     */
    public String apply(String template) {
        @Nullable StringBuilder out = null;
        int copied = 0;
        int open = template.indexOf('{');
        while (open >= 0) {
            int close = template.indexOf('}', open + 1);
            if (close < 0) {
                break;
            }
            String value = valueOf(template.substring(open + 1, close));
            if (value == null) {
                // "{a{user}" must still expand {user}: resume at the next brace, not after '}'
                open = template.indexOf('{', open + 1);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(template.length() + 32);
            }
            out.append(template, copied, open).append(value);
            copied = close + 1;
            open = template.indexOf('{', copied);
        }
        if (out == null) {
            return template;
        }
        return out.append(template, copied, template.length()).toString();
    }

    private @Nullable String valueOf(String name) {
        return switch (name) {
            case "user" -> user;
            case "channel" -> channel;
            case "args" -> args;
            case "bot" -> bot;
            default -> null;
        };
    }
}
