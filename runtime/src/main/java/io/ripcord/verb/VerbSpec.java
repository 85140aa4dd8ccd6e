package io.ripcord.verb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A verb's metadata: name, one-line summary, the argument that may be written first without its name
 * ({@code sh 'uptime'} is {@code sh command: 'uptime'}), the named arguments, what it returns (a type with members,
 * see {@link ResultType}) and an example.
 */
public final class VerbSpec {

    private final String name;
    private final String summary;
    private final List<String> positionals;
    private final Map<String, ArgSpec> args;
    private final List<String> argOrder;
    private final ResultType returns;
    private final String example;
    private final List<CallRule> rules;

    private VerbSpec(Builder b) {
        this.name = b.name;
        this.summary = b.summary;
        this.positionals = List.copyOf(b.positionals);
        this.args = Map.copyOf(b.args);
        this.argOrder = List.copyOf(b.args.keySet());
        this.returns = b.returns;
        this.example = b.example;
        this.rules = List.copyOf(b.rules);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() { return name; }
    public String summary() { return summary; }
    /** What the result is, in words. */
    public String returns() { return returns.doc(); }

    /** The result's type: what check and plan know of its members. */
    public ResultType result() { return returns; }
    public String example() { return example; }

    /** The argument a bare first value binds to, if the verb has one. */
    public Optional<String> positional() {
        return positionals.stream().findFirst();
    }

    /** The arguments bare values bind to, in order ({@code tcp 'db', 5432}: host, port). */
    public List<String> positionals() {
        return positionals;
    }

    /** Arguments in declaration order. */
    public List<ArgSpec> args() {
        return argOrder.stream().map(args::get).toList();
    }

    public Optional<ArgSpec> arg(String argName) {
        return Optional.ofNullable(args.get(argName));
    }

    public List<String> argNames() {
        return argOrder;
    }

    /** The verb's rules across its arguments, that check applies to what a file shows. */
    public List<CallRule> rules() {
        return rules;
    }

    public static final class Builder {
        private final String name;
        private String summary = "";
        private List<String> positionals = List.of();
        private final Map<String, ArgSpec> args = new LinkedHashMap<>();
        private ResultType returns = ResultType.NOTHING;
        private String example;
        private final List<CallRule> rules = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder summary(String text) { this.summary = text; return this; }
        /** {@code type}: the class {@code apply} returns (Void for nothing); {@code text}: what it is, in words. */
        public Builder returns(Class<?> type, String text) { this.returns = new ResultType(type, text); return this; }
        public Builder example(String text) { this.example = text; return this; }

        /** Declares the argument that a bare first value binds to; it must also be declared with required/optional. */
        public Builder positional(String... argNames) { this.positionals = List.of(argNames); return this; }

        public Builder required(String argName, ArgType type, String doc) {
            args.put(argName, new ArgSpec(argName, type, true, null, doc));
            return this;
        }

        public Builder optional(String argName, ArgType type, String defaultText, String doc) {
            args.put(argName, new ArgSpec(argName, type, false, defaultText, doc));
            return this;
        }

        /** A rule across arguments that check applies before anything runs (see {@link CallRule}). */
        public Builder rule(CallRule rule) {
            rules.add(rule);
            return this;
        }

        public VerbSpec build() {
            for (String positional : positionals) {
                if (!args.containsKey(positional)) {
                    throw new IllegalStateException(name + ": positional argument '" + positional + "' is not declared");
                }
            }
            return new VerbSpec(this);
        }
    }

    List<String> requiredNames() {
        List<String> out = new ArrayList<>();
        args().forEach(a -> { if (a.required()) out.add(a.name()); });
        return out;
    }
}
