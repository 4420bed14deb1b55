package dev.hupbot.audit;

import dev.hupbot.fs.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The audit database's admin password, {@code DATA/db.password}: random (32 bytes from
 * {@link SecureRandom}), made once by the first {@code hupbot run}, 0600, never through a symlink,
 * and read by every CLI command that opens the database. Whoever can read this file is the
 * database's admin; the 0700 data directory and the 0600 file keep other accounts out.
 */
final class AdminPassword {
    static final String FILE = "db.password";
    private static final int MAX_BYTES = 1024;

    private AdminPassword() {}

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /** The stored password, if the file exists. */
    static Optional<String> read(Path dataDir) {
        try {
            return PrivateFiles.readPrivate(file(dataDir), "the audit database's password file", MAX_BYTES)
                    .map(String::strip)
                    .filter(p -> !p.isEmpty());
        } catch (IOException e) {
            throw new AuditException("cannot read the audit database's password file " + file(dataDir) + ": " + e
                    + " (run hupbot as the account that owns the data directory)", e);
        }
    }

    /** The stored password, made (and stored) now when there is none. */
    static String readOrCreate(Path dataDir) {
        Optional<String> stored = read(dataDir);
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            if (PrivateFiles.createIfAbsent(file(dataDir), fresh + "\n")) {
                return fresh;
            }
        } catch (IOException e) {
            throw new AuditException("cannot create the audit database's password file " + file(dataDir) + ": " + e
                    + " (set --data or HUPBOT_DATA to a directory this account can write)", e);
        }
        // Another start made it in between: theirs is the one.
        return read(dataDir).orElseThrow(() -> new AuditException("the audit database's password file "
                + file(dataDir) + " is empty; remove it and start hupbot again"));
    }
}
