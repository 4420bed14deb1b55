package dev.hupbot.ai;

/**
 * Puts a bot's AI reply into chat; the runtime wires {@code BotRuntime::send}. Returns false
 * when the bot could not send (not connected, not in that channel), so the crew does not record
 * a line nobody saw.
 */
@FunctionalInterface
public interface ReplySender {
    boolean send(String bot, String channel, String text);
}
