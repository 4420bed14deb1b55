package dev.hupbot.chat;

/** Receives every chat line a connection sees. Called off the transport's reading thread. */
@FunctionalInterface
public interface ChatListener {
    void onMessage(ChatMessage message);
}
