package dev.hupbot.ai;

import dev.hupbot.config.BotConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a bot answers chat with AI (a persona) or only with its commands, and why not: a bot
 * without {@code system_prompt}, or without a usable {@code ai.api_key}, never answers a mention,
 * though the file is valid. {@code check} shows it per bot, and the start-up logs it, so nobody
 * waits for an answer that cannot come.
 *
 * @param reasons why it answers only commands, empty for a persona
 */
public record Persona(String bot, List<String> reasons) {
    public static final String NO_PROMPT = "no system_prompt";
    public static final String NO_KEY = "no ai.api_key";
    public static final String PLACEHOLDER_KEY = "ai.api_key is the example's placeholder";

    public Persona {
        reasons = List.copyOf(reasons);
    }

    public static Persona of(BotConfig bot) {
        List<String> reasons = new ArrayList<>();
        if (bot.ai().systemPrompt().isBlank()) {
            reasons.add(NO_PROMPT);
        }
        if (bot.ai().placeholderKey()) {
            reasons.add(PLACEHOLDER_KEY);
        } else if (!bot.ai().usable()) {
            reasons.add(NO_KEY);
        }
        return new Persona(bot.name(), reasons);
    }

    public boolean answersWithAi() {
        return reasons.isEmpty();
    }

    /** For a table cell: {@code persona}, or {@code commands only (no system_prompt)}. */
    public String cell() {
        return answersWithAi() ? "persona" : "commands only (" + String.join(", ", reasons) + ")";
    }

    /** The start-up line, with the fix. */
    public String logLine(BotConfig bot) {
        if (answersWithAi()) {
            return "bot=" + this.bot + " is an AI persona (model " + bot.ai().model() + ")";
        }
        return "bot=" + this.bot + " answers only commands: " + String.join(", ", reasons) + "; " + fix();
    }

    /** How to make it a persona. */
    String fix() {
        List<String> fixes = new ArrayList<>();
        if (reasons.contains(NO_PROMPT)) {
            fixes.add("give it [bots.ai] system_prompt");
        }
        if (reasons.contains(PLACEHOLDER_KEY)) {
            fixes.add("put your real API key in the env file or environment");
        } else if (reasons.contains(NO_KEY)) {
            fixes.add("set ai.api_key");
        }
        return String.join(" and ", fixes) + " to make it a persona";
    }
}
