package dev.hupbot.ai;

import dev.hupbot.config.AiConfig;
import dev.hupbot.config.BotConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation a persona is sent: its system prompt with fixed guard instructions, then the
 * chat window, its own lines as {@code assistant} and everyone else's as {@code user} with
 * content {@code name: text} (the model must know who said what to answer the right person).
 */
final class PersonaPrompt {
    /** Appended to every persona's prompt: what the old bots got wrong in chat. */
    static final String GUARD = """
            You are %s, chatting in the Twitch channel #%s. Other people's chat lines reach you as \
            "name: text". Reply with your own message text only: never start it with your name or any \
            name followed by a colon, never write lines for other chatters or answer in their place, \
            and keep it to one short chat message.""";

    private PersonaPrompt() {}

    static String systemPrompt(BotConfig bot, String channel) {
        return bot.ai().systemPrompt().strip() + "\n\n" + GUARD.formatted(bot.name(), Channels.key(channel));
    }

    /** The messages for {@code bot}: lines from users the bot ignores are left out, as it ignores them in chat. */
    static List<ChatTurn> messages(BotConfig bot, String channel, List<HistoryLine> window) {
        List<ChatTurn> turns = new ArrayList<>();
        turns.add(ChatTurn.system(systemPrompt(bot, channel)));
        for (HistoryLine line : window) {
            if (line.user().equalsIgnoreCase(bot.name())) {
                turns.add(ChatTurn.assistant(line.text()));
            } else if (bot.ignoredUsers().stream().noneMatch(u -> u.equalsIgnoreCase(line.user()))) {
                turns.add(ChatTurn.user(line.user() + ": " + line.text()));
            }
        }
        return turns;
    }

    static LlmRequest request(BotConfig bot, String channel, List<HistoryLine> window) {
        AiConfig ai = bot.ai();
        return LlmRequest.of(bot.name(), ai, messages(bot, channel, window), ai.maxTokens());
    }
}
