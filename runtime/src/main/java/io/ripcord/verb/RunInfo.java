package io.ripcord.verb;

/** The runbook and run a verb call belongs to, for manifests and reports; {@code runId} is null in a plan. */
public record RunInfo(String runbook, String version, String runId) {

    public static final RunInfo NONE = new RunInfo(null, null, null);
}
