package dev.hupbot.reload;

/** Told about every finished reload, on the coordinator's thread: return quickly. */
@FunctionalInterface
public interface ReloadListener {
    void onReload(ReloadResult result);
}
