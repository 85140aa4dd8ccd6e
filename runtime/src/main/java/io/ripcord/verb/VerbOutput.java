package io.ripcord.verb;

/** Progress and output of a verb while it acts, shown under the verb's line on the console. */
public interface VerbOutput {

    /** A message the runbook author asked for (log) or a verb's notable event. */
    void info(String message);

    /** Something that did not fail the verb but deserves attention. */
    void warn(String message);

    /** One line of a command's output. */
    void output(String line);

    /**
     * How far long work is (a backup's compression, an archive): a terminal redraws a live bar with every report;
     * elsewhere only milestones are worth a line, which is what this default prints.
     */
    default void progress(ProgressReport report) {
        if (report.milestone()) {
            info(report.line());
        }
    }

    /**
     * Asks the operator to approve {@code question} in step {@code step}: given in advance ({@code --yes},
     * {@code --approve STEP}) or answered at the terminal. Without either, the answer is no.
     */
    default Approval approve(String step, String question) {
        return Approval.refused("nobody to ask: no terminal, and neither --yes nor --approve '" + step + "' was given");
    }

    /** An operator's answer and how it was given ("--yes", "--approve 'deploy'", "answered y at the terminal"). */
    record Approval(boolean approved, String how) {
        public static Approval refused(String why) {
            return new Approval(false, why);
        }
    }

    VerbOutput SILENT = new VerbOutput() {
        @Override public void info(String message) { }
        @Override public void warn(String message) { }
        @Override public void output(String line) { }
    };
}
