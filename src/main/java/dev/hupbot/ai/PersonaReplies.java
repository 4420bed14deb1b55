package dev.hupbot.ai;

import dev.hupbot.bot.ReplyTrimmer;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.LogSafe;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.logging.RepeatedWarnings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Writes one persona reply when its turn comes: reads the bot's settings from the config active
 * NOW (a reload since the line arrived applies), builds the request from that one snapshot, asks
 * the model, cleans the answer, sends it, and records it as the bot's own line.
 */
final class PersonaReplies {
    private static final Logger log = LoggerFactory.getLogger(PersonaReplies.class);
    /** The {@link RepeatedWarnings} kind of failed replies: an endpoint that is down fails every reply alike. */
    static final String FAILED_REPLY = "ai-reply";

    private final LlmClient llm;
    private final ChatHistory history;
    private final EchoFilter echoes;
    private final SeenLines seen;
    private final ReplySender sender;
    private final Clock clock;
    private final Supplier<BotsConfig> active;
    private final RepeatedWarnings warnings;
    private final Supplier<AnswerFailureListener> failures;

    PersonaReplies(LlmClient llm, ChatHistory history, EchoFilter echoes, SeenLines seen, ReplySender sender,
            Clock clock, Supplier<BotsConfig> active, Supplier<AnswerFailureListener> failures) {
        this.llm = llm;
        this.history = history;
        this.echoes = echoes;
        this.seen = seen;
        this.sender = sender;
        this.clock = clock;
        this.active = active;
        this.failures = failures;
        this.warnings = new RepeatedWarnings(log, clock);
    }

    void answer(String botName, PendingReply reply) {
        ChatMessage trigger = reply.trigger();
        Optional<BotConfig> current = active.get().bot(botName);
        if (current.isEmpty() || !ReplySelector.canAnswer(current.get(), trigger)) {
            log.debug("bot={} no longer answers in #{}: reply to {} dropped", botName, LogSafe.text(trigger.channel()),
                    LogSafe.text(trigger.user()));
            return;
        }
        if (seen.answeredByCommand(trigger)) {
            return;
        }
        BotConfig bot = current.get();
        List<HistoryLine> window = history.window(trigger.channel(), reply.triggerSeq(), bot.ai().historySize(),
                clock.instant().minus(Duration.ofSeconds(bot.ai().historyTtlSeconds())));
        String answer;
        try {
            answer = llm.complete(PersonaPrompt.request(bot, trigger.channel(), window));
        } catch (LlmException e) {
            String channel = Channels.key(trigger.channel());
            warnings.report(Level.WARN, botName, FAILED_REPLY, String.valueOf(e.getMessage()),
                    "bot=" + botName + " no AI reply to " + LogSafe.text(trigger.user()) + " in #" + LogSafe.text(channel)
                            + ": " + LogSafe.text(e.getMessage()));
            failures.get().couldNotAnswer(botName, channel, AiFailures.cause(e, bot.ai().baseUrl()));
            return;
        }
        warnings.recovered(botName, FAILED_REPLY, "bot=" + botName + " AI endpoint reachable again");
        String text = ReplyTrimmer.trim(ReplyCleaner.clean(answer, botName), ReplyTrimmer.TWITCH_MAX);
        if (text.isEmpty()) {
            log.info("bot={} the model's answer to {} was empty once cleaned; nothing sent", botName, LogSafe.text(trigger.user()));
            return;
        }
        if (seen.answeredByCommand(trigger)) {
            return;
        }
        // Recorded before sending: another crew bot may hear the line before send() returns.
        HistoryLine own = history.record(trigger.channel(), botName, text, clock.instant());
        echoes.sent(botName, trigger.channel(), text, own.seq(), reply.triggerDepth() + 1);
        if (!sender.send(botName, trigger.channel(), text)) {
            history.forget(own);
            log.info("bot={} could not send its reply in #{} (not connected or not in the channel)", botName,
                    LogSafe.text(Channels.key(trigger.channel())));
        }
    }
}
