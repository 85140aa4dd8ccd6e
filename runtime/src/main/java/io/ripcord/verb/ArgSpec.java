package io.ripcord.verb;

/** One argument a verb declares: its name, type, whether it is required, its default (shown in help) and doc. */
public record ArgSpec(String name, ArgType type, boolean required, String defaultText, String doc) {
}
