package dev.hupbot.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A checked value of the file with the position it was written at, before defaults fill the
 * gaps. Leaves hold converted values (String, Secret, Boolean, Long, Double, List of String).
 */
sealed interface Node {
    Pos pos();

    /** @param sensitive the value came from a variable named like a credential */
    record Leaf(Object value, Pos pos, boolean sensitive) implements Node {}

    /** A table; {@code invalid} names keys that were present but wrong, so later checks skip them. */
    record Branch(Map<String, Node> children, Set<String> invalid, Pos pos) implements Node {
        public Branch {
            children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
            invalid = Set.copyOf(invalid);
        }

        boolean has(String key) {
            return children.containsKey(key);
        }

        boolean invalid(String key) {
            return invalid.contains(key);
        }

        @Nullable Leaf leaf(String key) {
            return children.get(key) instanceof Leaf leaf ? leaf : null;
        }

        @Nullable Branch branch(String key) {
            return children.get(key) instanceof Branch branch ? branch : null;
        }

        @Nullable Items items(String key) {
            return children.get(key) instanceof Items items ? items : null;
        }

        String string(String key, String otherwise) {
            Leaf leaf = leaf(key);
            return leaf != null && leaf.value() instanceof String s ? s : otherwise;
        }

        @Nullable Secret secret(String key) {
            Leaf leaf = leaf(key);
            return leaf != null && leaf.value() instanceof Secret s && !s.isEmpty() ? s : null;
        }

        boolean bool(String key, boolean otherwise) {
            Leaf leaf = leaf(key);
            return leaf != null && leaf.value() instanceof Boolean b ? b : otherwise;
        }

        long integer(String key, long otherwise) {
            Leaf leaf = leaf(key);
            return leaf != null && leaf.value() instanceof Long l ? l : otherwise;
        }

        double number(String key, double otherwise) {
            Leaf leaf = leaf(key);
            return leaf != null && leaf.value() instanceof Double d ? d : otherwise;
        }

        List<String> strings(String key, List<String> otherwise) {
            Leaf leaf = leaf(key);
            if (leaf == null || !(leaf.value() instanceof List<?> list)) {
                return otherwise;
            }
            return list.stream().map(String.class::cast).toList();
        }
    }

    /** An array of tables ({@code [[bots.timers]]}); it replaces a default as a whole. */
    record Items(List<Branch> items, Pos pos) implements Node {
        public Items {
            items = List.copyOf(items);
        }
    }
}
