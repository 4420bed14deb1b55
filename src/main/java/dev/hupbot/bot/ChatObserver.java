package dev.hupbot.bot;

import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.BotsConfig;

/**
 * Sees every chat line each bot receives, after the bot's commands had their turn: the hook for
 * behaviour that spans the crew (AI personas answer at most once per line, the moderator reads
 * chat). A line reaches it once per receiving bot: dedupe by {@link ChatMessage#id()}. Called off
 * the transport's reading thread; must not block.
 */
@FunctionalInterface
public interface ChatObserver {
    void onMessage(String receivingBot, ChatMessage message, BotsConfig active, boolean answeredByCommand);

    ChatObserver NONE = (bot, message, active, answered) -> {};
}
