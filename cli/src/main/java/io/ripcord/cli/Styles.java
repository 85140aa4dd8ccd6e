package io.ripcord.cli;

import io.ripcord.plan.PlanPrinter;

/**
 * Colour for the terminal: when stdout is a terminal (or CLICOLOR_FORCE says so), never with NO_COLOR, CLICOLOR=0,
 * TERM=dumb or --no-color (see Main#colour).
 * When off, every method returns its text unchanged.
 */
public record Styles(boolean on) {

    public String bold(String s) { return wrap("1", s); }
    public String dim(String s) { return wrap("2", s); }
    public String red(String s) { return wrap("31", s); }
    public String green(String s) { return wrap("32", s); }
    public String yellow(String s) { return wrap("33", s); }
    public String cyan(String s) { return wrap("36", s); }

    public PlanPrinter.Styles forPlan() {
        return on ? new PlanPrinter.Styles(this::bold, this::cyan, this::dim) : PlanPrinter.Styles.PLAIN;
    }

    private String wrap(String code, String s) {
        return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
