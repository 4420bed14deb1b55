package dev.hupbot.ai;

import dev.hupbot.config.AiConfig;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.ModerationConfig;
import java.util.ArrayList;
import java.util.List;

/** The request that asks the moderator's model which of the recent lines break the rules. */
final class ModerationPrompt {
    /**
     * A verdict listing several users needs room; the persona's {@code max_tokens} (often kept
     * short for chat) must not cut the JSON off.
     */
    static final int MIN_TOKENS = 400;

    static final String INSTRUCTIONS = """
            You moderate the Twitch chat of #%s. The channel rules:
            %s
            You get the recent chat lines, one per line, as "user: text". Decide which users broke a rule. \
            Answer with JSON only, in exactly this form:
            {"violations":[{"user":"<user as written before the colon>","reason":"<the rule broken, briefly>","duration":<timeout in seconds, 1 to %d>}]}
            Answer {"violations":[]} when nobody broke a rule. Name only users from these lines.""";

    private ModerationPrompt() {}

    static LlmRequest request(BotConfig bot, String channel, List<ViewerLine> lines) {
        AiConfig ai = bot.ai();
        ModerationConfig moderation = bot.moderation();
        if (moderation == null) {
            throw new IllegalStateException("bot " + bot.name() + " has no [bots.moderation]");
        }
        StringBuilder rules = new StringBuilder();
        for (String rule : moderation.rules()) {
            rules.append("- ").append(rule).append('\n');
        }
        String system = INSTRUCTIONS.formatted(Channels.key(channel), rules.toString().stripTrailing(),
                moderation.maxTimeoutSeconds());
        if (!ai.systemPrompt().isBlank()) {
            system = ai.systemPrompt().strip() + "\n\n" + system;
        }
        StringBuilder chat = new StringBuilder();
        for (ViewerLine line : lines) {
            chat.append(line.user()).append(": ").append(line.text().replaceAll("\\R", " ")).append('\n');
        }
        List<ChatTurn> turns = new ArrayList<>();
        turns.add(ChatTurn.system(system));
        turns.add(ChatTurn.user(chat.toString().stripTrailing()));
        return LlmRequest.of(bot.name(), ai, turns, Math.max(ai.maxTokens(), MIN_TOKENS));
    }
}
