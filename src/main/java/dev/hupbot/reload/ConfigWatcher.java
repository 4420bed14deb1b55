package dev.hupbot.reload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run --watch}: asks for a reload when a watched file's content changes. It watches the
 * files' directories, not the files (the JDK's WatchService and inotify watch directories, and a
 * save by rename or a Kubernetes ConfigMap update replaces the file: {@code bots.toml ->
 * ..data/bots.toml}, with {@code ..data} swapped to a new directory), and the directories'
 * parents, so a directory replaced by another is watched again.
 *
 * <p>Any event starts a burst; {@link #QUIET} after the last event of a burst (at most
 * {@link #MAX_DELAY} after its first), the files are read and hashed, and one reload is asked
 * for when any hash differs from the last one seen. So ten saves in quick succession are one
 * reload, an editor's swap files and unrelated neighbours are none, and a half-written file is
 * a reload that the coordinator rejects, followed by another when the save completes. A file
 * system that gives no change events (network and FUSE file systems) is said once and checked
 * every {@link #POLL}.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);
    /** Quiet time after the last event before the files are compared: one reload per burst of saves. */
    public static final Duration QUIET = Duration.ofMillis(300);
    /** A burst that never goes quiet is still compared this long after its first event. */
    static final Duration MAX_DELAY = Duration.ofSeconds(2);
    /** How often files are compared when the file system gives no events. */
    public static final Duration POLL = Duration.ofSeconds(2);
    /** Files larger than this are compared by size, time and inode, not by content. */
    static final long MAX_HASHED_BYTES = 16L << 20;
    /** File systems whose changes made elsewhere do not reach inotify. */
    private static final Set<String> NO_EVENTS = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs",
            "fuse.rclone", "afs", "ceph", "glusterfs", "fuse.glusterfs", "vboxsf", "fuse.s3fs");

    /** Called on the watch thread when a watched file changed; must only enqueue. */
    @FunctionalInterface
    public interface Changed {
        void changed();
    }

    private final List<Path> files;
    private final Changed onChange;
    private final LongSupplier nanos;
    private final Map<Path, String> seen = new LinkedHashMap<>();
    private final Map<Path, @Nullable WatchKey> keys = new LinkedHashMap<>();
    private final Map<Path, @Nullable Object> dirIds = new LinkedHashMap<>();
    private final @Nullable WatchService service;
    private final @Nullable String noEventsReason;
    private final Thread thread;
    private volatile boolean closed;

    private ConfigWatcher(List<Path> files, Changed onChange, LongSupplier nanos) {
        this.files = files.stream().map(f -> f.toAbsolutePath().normalize()).distinct().toList();
        this.onChange = onChange;
        this.nanos = nanos;
        for (Path file : this.files) {
            seen.put(file, fingerprint(file));
        }
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path file : this.files) {
            Path dir = Objects.requireNonNull(file.getParent(), "an absolute file has a parent");
            dirs.add(dir);
            if (dir.getParent() != null) {
                dirs.add(dir.getParent());
            }
        }
        dirs.forEach(d -> keys.put(d, null));
        String reason = noEventsReason(this.files);
        WatchService watch = null;
        if (reason == null) {
            try {
                watch = FileSystems.getDefault().newWatchService();
                if (watch.getClass().getName().contains("Polling")) {
                    reason = "this JDK's WatchService only polls here";
                    watch.close();
                    watch = null;
                }
            } catch (IOException e) {
                reason = "no watch service (" + e.getMessage() + ")";
            }
        }
        this.service = watch;
        if (watch != null) {
            register();
        }
        this.noEventsReason = reason;
        this.thread = new Thread(this::run, "config-watch");
        this.thread.setDaemon(true);
    }

    /**
     * Registers the watches and reads the files now, so a change from here on is seen even before
     * {@link #start()}: create it before the first load, start it once the bots run.
     */
    public static ConfigWatcher create(List<Path> files, Changed onChange) {
        return new ConfigWatcher(files, onChange, System::nanoTime);
    }

    /** Starts watching on its own daemon thread and logs what it watches. */
    public void start() {
        List<String> names = files.stream().map(Path::toString).toList();
        if (noEventsReason != null) {
            log.warn("Watching {} for changes: {}; checking every {} s instead", String.join(" and ", names), noEventsReason,
                    POLL.toSeconds());
        } else {
            log.info("Watching {} for changes (reload {} ms after the last save)", String.join(" and ", names), QUIET.toMillis());
        }
        thread.start();
    }

    private void run() {
        try {
            if (service == null) {
                while (!closed) {
                    Thread.sleep(POLL.toMillis());
                    compare();
                }
                return;
            }
            watch(service);
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (RuntimeException e) {
            log.error("the config watch stopped: {}; reload with SIGHUP until hupbot restarts", e.toString());
        }
    }

    private void watch(WatchService watch) throws InterruptedException {
        long burstStart = -1;
        long lastEvent = -1;
        while (!closed) {
            WatchKey key;
            if (burstStart < 0) {
                // A directory that is gone cannot be watched: look for it again every POLL.
                key = keys.containsValue(null) ? watch.poll(POLL.toNanos(), TimeUnit.NANOSECONDS) : watch.take();
                if (key == null) {
                    compare();
                    continue;
                }
            } else {
                long now = nanos.getAsLong();
                long due = Math.min(lastEvent + QUIET.toNanos(), burstStart + MAX_DELAY.toNanos());
                if (now - due >= 0) {
                    burstStart = -1;
                    compare();
                    continue;
                }
                key = watch.poll(due - now, TimeUnit.NANOSECONDS);
                if (key == null) {
                    continue;
                }
            }
            key.pollEvents();
            if (!key.reset()) {
                keys.replaceAll((dir, k) -> k == key ? null : k);
            }
            long now = nanos.getAsLong();
            if (burstStart < 0) {
                burstStart = now;
            }
            lastEvent = now;
        }
    }

    /** Re-registers replaced directories, then asks for one reload if any file's content changed. */
    private void compare() {
        if (service != null) {
            register();
        }
        boolean changed = false;
        for (Path file : files) {
            String now = fingerprint(file);
            if (!now.equals(seen.put(file, now))) {
                changed = true;
            }
        }
        if (changed && !closed) {
            onChange.changed();
        }
    }

    /** Watches every directory not watched yet, or replaced since (another inode at that path). */
    private void register() {
        WatchService watch = Objects.requireNonNull(service);
        for (Path dir : new ArrayList<>(keys.keySet())) {
            WatchKey key = keys.get(dir);
            Object id = directoryId(dir);
            if (key != null && key.isValid() && Objects.equals(id, dirIds.get(dir))) {
                continue;
            }
            if (key != null) {
                key.cancel();
            }
            try {
                keys.put(dir, dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.OVERFLOW));
                dirIds.put(dir, id);
            } catch (NoSuchFileException e) {
                keys.put(dir, null); // gone for now: looked for again every POLL
            } catch (IOException | RuntimeException e) {
                // Not ours to watch (a parent we may not read): watch without it, and never poll for it.
                log.debug("not watching {}: {}", dir, e.toString());
                keys.remove(dir);
                dirIds.remove(dir);
            }
        }
    }

    private static @Nullable Object directoryId(Path dir) {
        try {
            return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** What the file holds now: a content hash; never opens anything but a regular file (a FIFO would block). */
    static String fingerprint(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile() || attributes.size() > MAX_HASHED_BYTES) {
                return "other:" + attributes.fileKey() + ":" + attributes.size() + ":" + attributes.lastModifiedTime();
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[8192];
                long total = 0;
                for (int n; (n = in.read(buffer)) > 0 && total <= MAX_HASHED_BYTES; total += n) {
                    sha.update(buffer, 0, n);
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "unreadable:" + e.getClass().getSimpleName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static @Nullable String noEventsReason(List<Path> files) {
        for (Path file : files) {
            Path dir = file.getParent();
            try {
                String type = Files.getFileStore(dir).type().toLowerCase(Locale.ROOT);
                if (NO_EVENTS.contains(type)) {
                    return "the file system of " + dir + " (" + type + ") gives no change events";
                }
            } catch (IOException | RuntimeException e) {
                // the directory is not there yet: inotify will do once it is
            }
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
