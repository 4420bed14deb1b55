package dev.hupbot.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the moderation verdict {@code {"violations":[{"user":..,"reason":..,"duration":..}]}}.
 * Models wrap JSON in code fences or a sentence, write durations as strings, or answer with the
 * bare array: all tolerated. What cannot be read is an error, never a guess at a timeout.
 */
final class ViolationParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 500;

    private ViolationParser() {}

    /** @throws IllegalArgumentException when the answer holds no readable verdict */
    static List<Violation> parse(String answer) {
        JsonNode root = readJson(answer);
        JsonNode list = root.isArray() ? root : root.path("violations");
        List<Violation> out = new ArrayList<>();
        if (!list.isArray()) {
            if (root.isObject() && !root.has("violations")) {
                throw new IllegalArgumentException("the model's answer has no \"violations\" list: " + excerpt(answer));
            }
            return out;
        }
        for (JsonNode item : list) {
            String user = item.path("user").asText("").strip();
            while (user.startsWith("@")) {
                user = user.substring(1);
            }
            if (user.isEmpty()) {
                continue;
            }
            String reason = item.path("reason").asText("").strip().replaceAll("\\s+", " ");
            if (reason.isEmpty()) {
                reason = "broke the channel rules";
            }
            if (reason.length() > MAX_REASON) {
                reason = reason.substring(0, MAX_REASON);
            }
            out.add(new Violation(user.toLowerCase(Locale.ROOT), reason, duration(item.path("duration"))));
        }
        return out;
    }

    private static JsonNode readJson(String answer) {
        String text = answer.strip();
        int object = text.indexOf('{');
        int array = text.indexOf('[');
        boolean objectFirst = object >= 0 && (array < 0 || object < array);
        int start = objectFirst ? object : array;
        int end = objectFirst ? text.lastIndexOf('}') : text.lastIndexOf(']');
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the model's answer holds no JSON: " + excerpt(answer));
        }
        try {
            return JSON.readTree(text.substring(start, end + 1));
        } catch (IOException e) {
            throw new IllegalArgumentException("the model's answer is not valid JSON: " + excerpt(answer));
        }
    }

    /** Whole seconds from a number or a numeric string ("60", "60s"); 0 when absent or unreadable. */
    private static long duration(JsonNode node) {
        if (node.isNumber()) {
            return Math.max(0, Math.round(node.asDouble()));
        }
        String digits = node.asText("").strip().replaceAll("(?i)\\s*(s|sec|secs|seconds)$", "");
        try {
            return Math.max(0, Math.round(Double.parseDouble(digits)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String excerpt(String answer) {
        String flat = answer.strip().replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
    }
}
