package dev.hupbot.reload;

import dev.hupbot.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the config file for a reload, refusing what must not be read: a directory, a FIFO (a
 * read would block the coordinator forever), a device, a file past the size limit. Reads at
 * most one byte past the limit, so a huge file costs nothing.
 */
final class ConfigFileReader {
    private ConfigFileReader() {}

    /** Thrown with a message that names the file and the fix. */
    static final class UnreadableConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableConfigException(String message) {
            super(message);
        }
    }

    static byte[] read(Path file) {
        BasicFileAttributes attributes;
        try {
            // Follows symlinks: Kubernetes ConfigMaps and editors' swaps point at regular files.
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new UnreadableConfigException(file + ":0:0: error: file not found; check --config / HUPBOT_CONFIG");
        } catch (IOException e) {
            throw new UnreadableConfigException(file + ":0:0: error: cannot read file (" + e.getMessage() + ")");
        }
        if (attributes.isDirectory()) {
            throw new UnreadableConfigException(file + ":0:0: error: is a directory; point --config at the bots.toml file");
        }
        if (!attributes.isRegularFile()) {
            throw new UnreadableConfigException(file + ":0:0: error: not a regular file (a FIFO, socket or device); point --config at a plain file");
        }
        if (attributes.size() > ConfigLoader.MAX_FILE_BYTES) {
            throw tooLarge(file, attributes.size());
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) ConfigLoader.MAX_FILE_BYTES + 1);
            if (bytes.length > ConfigLoader.MAX_FILE_BYTES) {
                throw tooLarge(file, bytes.length);
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new UnreadableConfigException(file + ":0:0: error: file disappeared while reading; save it again and reload");
        } catch (AccessDeniedException e) {
            throw new UnreadableConfigException(file + ":0:0: error: permission denied; make the file readable by the hupbot user");
        } catch (IOException e) {
            throw new UnreadableConfigException(file + ":0:0: error: cannot read file (" + e.getMessage() + ")");
        }
    }

    private static UnreadableConfigException tooLarge(Path file, long size) {
        return new UnreadableConfigException(file + ":0:0: error: file is " + size + " bytes, over the limit of "
                + ConfigLoader.MAX_FILE_BYTES + " bytes; a bots file is a few kilobytes, check that --config names the right file");
    }
}
