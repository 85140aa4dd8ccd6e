package io.ripcord.cli;

import io.ripcord.verb.VerbOutput;
import picocli.CommandLine.Option;

import java.io.Console;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --yes} and {@code --approve STEP}: approvals given in advance for {@code confirm}; without them a confirm asks
 * at the terminal, and with no terminal (cron, CI) it is refused, so nothing waits forever and nothing is assumed.
 */
final class ApprovalOptions {

    @Option(names = "--yes", description = "Approve every confirm in this run without asking.")
    boolean yes;

    @Option(names = "--approve", paramLabel = "STEP", description = "Approve the confirms of this step without asking (repeatable).")
    List<String> steps = new ArrayList<>();

    VerbOutput.Approval approve(String step, String question, Cli cli) {
        if (yes) {
            return new VerbOutput.Approval(true, "--yes");
        }
        if (steps.contains(step)) {
            return new VerbOutput.Approval(true, "--approve '" + step + "'");
        }
        Console console = System.console();
        if (console == null) {
            return VerbOutput.Approval.refused("no terminal to ask, and neither --yes nor --approve '" + step + "' was given");
        }
        cli.out().flush();
        // the console read cannot be interrupted: it waits on another thread, so Ctrl-C stops the run at the prompt
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> console.readLine("    %s [y/N] ", question));
        String answer;
        try {
            answer = read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return VerbOutput.Approval.refused("interrupted at the prompt");
        } catch (java.util.concurrent.ExecutionException e) {
            return VerbOutput.Approval.refused("the terminal could not be read: " + e.getCause().getMessage());
        }
        if (answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
            return new VerbOutput.Approval(true, "answered '" + answer.trim() + "' at the terminal");
        }
        return VerbOutput.Approval.refused(answer == null ? "no answer (end of input)" : "answered '" + answer.trim() + "'");
    }
}
