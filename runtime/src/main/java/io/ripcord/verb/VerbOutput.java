package io.ripcord.verb;

/** Progress and output of a verb while it acts, shown under the verb's line on the console. */
public interface VerbOutput {

    /** A message the runbook author asked for (log) or a verb's notable event. */
    void info(String message);

    /** Something that did not fail the verb but deserves attention. */
    void warn(String message);

    /** One line of a command's output. */
    void output(String line);

    VerbOutput SILENT = new VerbOutput() {
        @Override public void info(String message) { }
        @Override public void warn(String message) { }
        @Override public void output(String line) { }
    };
}
