package dev.hupbot.ai;

/**
 * Told when a bot was asked (named, or chose to answer) and gives no AI answer: the endpoint is
 * unreachable or refused, or the bot has no usable key or no persona. The shell chat shows it as
 * a dim line, so whoever tries hupbot sees why nothing came. Called on the crew's threads; must
 * not block.
 */
@FunctionalInterface
public interface AnswerFailureListener {
    AnswerFailureListener NONE = (bot, channel, cause) -> { };

    /**
     * @param channel where the answer was due, without {@code #}
     * @param cause why, in a few words for a person ({@code the AI endpoint https://... is unreachable}); never a key
     */
    void couldNotAnswer(String bot, String channel, String cause);
}
