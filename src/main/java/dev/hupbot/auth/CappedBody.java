package dev.hupbot.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Reads an HTTP answer's body, refusing one over {@link #MAX_BYTES}: a misbehaving or hostile
 * endpoint must not fill the heap. (A private stand-in until the project has a shared capped
 * reader.)
 */
final class CappedBody {
    static final int MAX_BYTES = 1024 * 1024;

    private CappedBody() {}

    /** The body as UTF-8 text; an IOException when it is longer than the cap. */
    static String text(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("answer longer than " + MAX_BYTES / 1024 + " KiB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
