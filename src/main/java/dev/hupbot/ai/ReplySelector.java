package dev.hupbot.ai;

import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which bots answer a chat line with AI. A line that names bots of the crew is for them: each
 * named bot that can answer does, and no other. A line that names none gets at most one answer: every bot that could
 * answer rolls its {@code reply_chance}, and one of those that won is picked. A line from a bot of
 * the crew is answered only by a bot it names, so two personas never talk to each other forever.
 */
final class ReplySelector {
    private ReplySelector() {}

    /** Bot names in file order; {@code random} is used only for lines that name no bot. */
    static List<String> choose(BotsConfig active, ChatMessage message, RandomGenerator random) {
        boolean namesAny = false;
        List<String> named = new ArrayList<>();
        List<BotConfig> able = new ArrayList<>();
        for (BotConfig bot : active.bots()) {
            boolean isNamed = Mentions.names(message.text(), bot.name());
            namesAny |= isNamed;
            if (!canAnswer(bot, message)) {
                continue;
            }
            able.add(bot);
            if (isNamed) {
                named.add(bot.name());
            }
        }
        // A line for a bot that cannot answer (disabled, elsewhere, ignoring the sender) is still not for the others.
        if (namesAny || isCrew(active, message.user())) {
            return named;
        }
        List<String> winners = new ArrayList<>();
        synchronized (random) {
            for (BotConfig bot : able) {
                if (random.nextDouble() < bot.replyChance()) {
                    winners.add(bot.name());
                }
            }
            return winners.isEmpty() ? List.of() : List.of(winners.get(random.nextInt(winners.size())));
        }
    }

    /** Enabled, in that channel, not the sender, not ignoring the sender, and with AI that works. */
    static boolean canAnswer(BotConfig bot, ChatMessage message) {
        return bot.enabled()
                && wantsAi(bot)
                && bot.ai().usable()
                && !bot.name().equalsIgnoreCase(message.user())
                && Channels.contains(bot.channels(), message.channel())
                && bot.ignoredUsers().stream().noneMatch(u -> u.equalsIgnoreCase(message.user()));
    }

    /**
     * Bots the line names that would answer it but for their AI (no system_prompt, no usable
     * key): enabled, in that channel, not the sender, not ignoring the sender.
     */
    static List<BotConfig> namedWithoutPersona(BotsConfig active, ChatMessage message) {
        List<BotConfig> silent = new ArrayList<>();
        if (isCrew(active, message.user())) {
            return silent; // bots naming bots: nobody is waiting for that answer
        }
        for (BotConfig bot : active.bots()) {
            if (bot.enabled() && !(wantsAi(bot) && bot.ai().usable())
                    && Mentions.names(message.text(), bot.name())
                    && Channels.contains(bot.channels(), message.channel())
                    && bot.ignoredUsers().stream().noneMatch(u -> u.equalsIgnoreCase(message.user()))) {
                silent.add(bot);
            }
        }
        return silent;
    }

    /** A bot with a persona: without a system prompt, a bot answers only with its commands. */
    static boolean wantsAi(BotConfig bot) {
        return !bot.ai().systemPrompt().isBlank();
    }

    static boolean isCrew(BotsConfig active, String user) {
        for (BotConfig bot : active.bots()) {
            if (bot.name().equalsIgnoreCase(user)) {
                return true;
            }
        }
        return false;
    }
}
