package io.ripcord.stdlib.notify;

import groovy.json.JsonOutput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The bodies webhook services accept: Slack and Mattermost read {@code text}, Discord {@code content}, ntfy a plain
 * text body with a {@code Title} header, and {@code json} is Ripcord's own summary for a receiver of one's own. A
 * body is made whole and then redacted as the text that goes on the wire, so a secret is masked in whatever encoding
 * the format gave it (the {@link io.ripcord.secret.Redactor} knows the JSON-escaped form).
 */
enum NotifyFormat {
    JSON("application/json") {
        @Override
        String body(Map<String, Object> summary, String text) {
            return JsonOutput.toJson(summary);
        }
    },
    SLACK("application/json") {
        @Override
        String body(Map<String, Object> summary, String text) {
            return JsonOutput.toJson(Map.of("text", text));
        }
    },
    MATTERMOST("application/json") {
        @Override
        String body(Map<String, Object> summary, String text) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", text);
            body.put("username", "ripcord");
            return JsonOutput.toJson(body);
        }
    },
    DISCORD("application/json") {
        /** Discord refuses a content longer than this (HTTP 400). */
        private static final int LIMIT = 2000;

        @Override
        String body(Map<String, Object> summary, String text) {
            return JsonOutput.toJson(Map.of("content", text.length() > LIMIT ? text.substring(0, LIMIT - 1) + "…" : text));
        }
    },
    NTFY("text/plain; charset=utf-8") {
        @Override
        String body(Map<String, Object> summary, String text) {
            return text;
        }

        @Override
        Map<String, String> headers(Map<String, Object> summary, UnaryOperator<String> redact) {
            // header values must be one line of visible ASCII-ish text: the title is built from names, not the message
            return Map.of("Title", redact.apply("ripcord: " + summary.get("runbook") + "@" + summary.get("version")),
                    "Tags", "ripcord");
        }
    };

    final String contentType;

    NotifyFormat(String contentType) {
        this.contentType = contentType;
    }

    /** What is POSTed: {@code summary} is the run's summary, {@code text} the one-line message people read. */
    abstract String body(Map<String, Object> summary, String text);

    /** Headers the format adds beside Content-Type. */
    Map<String, String> headers(Map<String, Object> summary, UnaryOperator<String> redact) {
        return Map.of();
    }

    /** The names a runbook writes: {@code format: 'slack'}. */
    static List<String> names() {
        return java.util.Arrays.stream(values()).map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    static NotifyFormat named(String name) {
        for (NotifyFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    /** The line a person reads in the chat: which run, which step, what it says. */
    static String text(Map<String, Object> summary) {
        Object message = summary.get("message");
        return "ripcord " + summary.get("runbook") + "@" + summary.get("version") + " (run " + summary.get("run")
                + ", step '" + summary.get("step") + "')" + (message == null ? "" : ": " + message);
    }
}
