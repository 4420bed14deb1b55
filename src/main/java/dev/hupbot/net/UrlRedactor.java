package dev.hupbot.net;

import dev.hupbot.config.Secret;
import java.util.Collection;
import java.util.List;

/**
 * The form of a URL that may go into a log line or an error message: user info
 * ({@code user:password@}) and the query string (where APIs take keys) become {@code ***}, and
 * any known secret that occurs anywhere else (a key in the path, say) becomes {@code ***} and
 * its fingerprint, as in the diff. Works on any text, valid URL or not: an unusable URL is
 * exactly the one an error message prints.
 */
public final class UrlRedactor {
    /** Shorter secrets are not searched for: they would blank out ordinary path segments. */
    private static final int MIN_SECRET_LENGTH = 4;

    private UrlRedactor() {}

    /** {@code url} without user info and query string. */
    public static String redact(String url) {
        return redact(url, List.of());
    }

    /** {@code url} without user info, query string, or any of {@code secrets}. */
    public static String redact(String url, Collection<Secret> secrets) {
        String out = url;
        for (Secret secret : secrets) {
            String value = secret.reveal();
            if (value.length() >= MIN_SECRET_LENGTH) {
                out = out.replace(value, secret.redacted());
            }
        }
        int query = out.indexOf('?');
        if (query >= 0) {
            out = out.substring(0, query) + "?***";
        }
        int fragment = out.indexOf('#');
        if (fragment >= 0) {
            out = out.substring(0, fragment) + "#***";
        }
        int scheme = out.indexOf("://");
        int authorityStart = scheme < 0 ? 0 : scheme + 3;
        int authorityEnd = out.indexOf('/', authorityStart);
        String authority = authorityEnd < 0 ? out.substring(authorityStart) : out.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            out = out.substring(0, authorityStart) + "***@" + out.substring(authorityStart + at + 1);
        }
        return out;
    }
}
