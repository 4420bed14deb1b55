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

    /**
     * What the bot's commands made of a line (a reply, or why none), before {@link #onMessage};
     * not called for the bot's own lines and ignored users. For the shell chat's notes.
     */
    default void onCommandAnswer(String receivingBot, ChatMessage message, CommandHandler.Answer answer) {}

    ChatObserver NONE = (bot, message, active, answered) -> {};
}
