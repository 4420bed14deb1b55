package dev.hupbot.ai;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cause of a failed AI answer in a few words for the chat, from the client's detailed
 * message (which names each model tried and stays in the log). Falls back to that message when
 * it reads as none of the known cases.
 */
final class AiFailures {
    /** A chat line, not a log line: the whole story is in the log. */
    private static final int MAX_DETAIL = 120;
    private static final Pattern HTTP_STATUS = Pattern.compile("\\bHTTP (\\d{3})\\b");

    private AiFailures() {}

    static String cause(LlmException e, String baseUrl) {
        String detail = String.valueOf(e.getMessage());
        if (detail.contains("could not reach") || detail.contains("could not connect")) {
            return "the AI endpoint " + baseUrl + " is unreachable";
        }
        if (detail.contains("no answer within")) {
            return "the AI endpoint " + baseUrl + " did not answer in time (ai.timeout_seconds)";
        }
        if (detail.contains("API key was refused")) {
            return "the AI endpoint refused the API key; check ai.api_key";
        }
        Matcher status = HTTP_STATUS.matcher(detail);
        if (status.find() && !status.group(1).equals("200")) {
            return "the AI endpoint answered HTTP " + status.group(1);
        }
        String shortDetail = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
        return "no usable answer from the AI endpoint (" + shortDetail + ")";
    }
}
