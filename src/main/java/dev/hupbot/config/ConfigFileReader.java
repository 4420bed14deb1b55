package dev.hupbot.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Gets the file's text, or the one problem that prevents it: missing, a directory, unreadable,
 * larger than {@link ConfigLoader#MAX_FILE_BYTES}, or not UTF-8. Never throws for any of these.
 */
final class ConfigFileReader {
    private ConfigFileReader() {}

    /** Either bytes or the problem (a message for line 0), never both. */
    record Bytes(byte @Nullable [] content, @Nullable String problem) {}

    /** Either the decoded text or the problem with its position. */
    record Decoded(@Nullable String text, @Nullable String problem, Pos pos) {}

    static Bytes read(Path file) {
        if (Files.isDirectory(file)) {
            return failed("is a directory, not a file; point --config at the bots.toml file");
        }
        if (!Files.exists(file)) {
            return failed("no such file; check the path, or pass --config FILE (or set HUPBOT_CONFIG)");
        }
        if (!Files.isRegularFile(file)) {
            // A FIFO would block the reader (and with it every later reload) until someone writes to it.
            return failed("not a regular file (a FIFO, socket or device); point --config at a plain file");
        }
        try {
            long size = Files.size(file);
            if (size > ConfigLoader.MAX_FILE_BYTES) {
                return failed(tooLarge(size));
            }
            // Read one byte past the limit: the file may have grown since size() (or be a pipe).
            byte[] content;
            try (InputStream in = Files.newInputStream(file)) {
                content = in.readNBytes((int) ConfigLoader.MAX_FILE_BYTES + 1);
            }
            if (content.length > ConfigLoader.MAX_FILE_BYTES) {
                return failed(tooLarge(content.length));
            }
            return new Bytes(content, null);
        } catch (AccessDeniedException e) {
            return failed("permission denied; let the user that runs hupbot read it (e.g. chmod 644)");
        } catch (NoSuchFileException e) {
            return failed("no such file; check the path, or pass --config FILE (or set HUPBOT_CONFIG)");
        } catch (IOException e) {
            return failed("cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check the file and the disk");
        }
    }

    private static Bytes failed(String problem) {
        return new Bytes(null, problem);
    }

    static String tooLarge(long size) {
        NumberFormat grouped = NumberFormat.getIntegerInstance(Locale.ROOT);
        return "file is " + grouped.format(size) + " bytes, over the limit of " + grouped.format(ConfigLoader.MAX_FILE_BYTES)
                + " bytes (1 MiB); is it the right file? A bots.toml is normally a few kilobytes";
    }

    /** Strict UTF-8: a bad byte is reported at its line and column, never silently replaced. */
    static Decoded decode(byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(content));
            return new Decoded(chars.toString(), null, Pos.FILE);
        } catch (CharacterCodingException e) {
            int bad = firstBadByte(content);
            Pos pos = positionOf(content, bad);
            String message = String.format(Locale.ROOT,
                    "not valid UTF-8 (byte 0x%02X); save the file as UTF-8", content[bad] & 0xff);
            return new Decoded(null, message, pos);
        }
    }

    /** The offset of the first byte that does not start a well-formed UTF-8 sequence. */
    static int firstBadByte(byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length + 1);
        decoder.decode(in, out, true);
        return Math.min(in.position(), content.length - 1);
    }

    /** Line and column (in characters) of a byte offset; the bytes before it are valid UTF-8. */
    static Pos positionOf(byte[] content, int offset) {
        String before = new String(content, 0, offset, StandardCharsets.UTF_8);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.length(); i++) {
            if (before.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String lastLine = before.substring(lineStart);
        return new Pos(line, lastLine.codePointCount(0, lastLine.length()) + 1);
    }
}
