package dev.hupbot.ai;

import dev.hupbot.chat.ChatMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lines the crew has already handled, by {@link ChatMessage#id()}: every bot in a channel
 * receives the same line, and the crew must decide once. Bounded: the oldest ids are forgotten
 * (a line arrives at all bots within moments, never minutes apart).
 */
final class SeenLines {
    private final int capacity;
    private final Map<String, Boolean> answeredByCommand;

    SeenLines(int capacity) {
        this.capacity = capacity;
        this.answeredByCommand = new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > SeenLines.this.capacity;
            }
        };
    }

    /**
     * True the first time this line is seen. Each later sighting may still report that its bot
     * answered the line with a command: remembered, so a reply queued on the first sighting is
     * dropped (a line gets a command's answer or an AI's, not both).
     */
    synchronized boolean firstSight(ChatMessage message, boolean answered) {
        String key = key(message);
        Boolean before = answeredByCommand.get(key);
        if (before == null) {
            answeredByCommand.put(key, answered);
            return true;
        }
        if (answered && !before) {
            answeredByCommand.put(key, true);
        }
        return false;
    }

    synchronized boolean answeredByCommand(ChatMessage message) {
        return Boolean.TRUE.equals(answeredByCommand.get(key(message)));
    }

    /** Twitch's id; transports without ids get a key from what the line is. */
    private static String key(ChatMessage message) {
        if (!message.id().isEmpty()) {
            return message.id();
        }
        return message.at() + "\u0000" + Channels.key(message.channel()) + "\u0000" + message.user() + "\u0000" + message.text();
    }
}
