package io.ripcord.cli

import groovy.json.JsonSlurper
import io.ripcord.verb.ValueVerb
import io.ripcord.verb.VerbRegistry

/**
 * The plan is what runs: for a run, the verb calls its journal holds, step by step, against the actions the plan
 * made just before it decided. A step the plan decided fully must have made exactly the planned calls, in order (a
 * step that failed: a prefix of them); a step whose plan stopped at a value only the run has ("planned up to here")
 * must have begun with the planned calls, and each call planned with known arguments must have run with them. Lookups (lastBackup, backups, previous, …) are values, not actions: the
 * plan resolves them, the journal records them; they are left out of both sides.
 */
class PlanRunAgreement {

    static final Set<String> LOOKUPS = VerbRegistry.fromClassPath().names().findAll {
        VerbRegistry.fromClassPath().find(it).get() instanceof ValueVerb
    } as Set

    /** Run options that the plan command does not take. */
    static List<String> planArgs(List<String> runArgs) {
        List<String> out = []
        for (int i = 1; i < runArgs.size(); i++) {
            String a = runArgs[i]
            if (a in ['--no-plan', '--yes', '--repl-on-failure']) continue
            if (a in ['--approve', '--plan']) { i++; continue }
            out << a
        }
        ['plan', '--json'] + out
    }

    /**
     * Runs {@code args} ({@code run …}) in-process after planning them the same way (same parameters, same journal),
     * then checks the calls the run journaled against that plan; fails with the disagreements.
     */
    static CliHarness.Result run(Map options, List<String> args) {
        assert args[0] == 'run'
        def plan = CliHarness.ripcord(options, planArgs(args) as String[])
        def result = CliHarness.ripcord(options, args as String[])
        def m = result.out =~ /Run (\d{8}-\d{6}-[0-9a-f]{4})/
        if (plan.exit == 0 && m.find()) {
            def show = CliHarness.ripcord(options, ['show', m.group(1), '--format', 'json'] as String[])
            boolean rolledBack = new JsonSlurper().parseText(show.out).state in ['ROLLED_BACK', 'ROLLBACK_FAILED']
            // a rollback's own backups are planned apart (both branches shown); their deletions are not the steps'
            def disagreements = differences(plan.out, show.out) + (rolledBack ? [] : retentionDifferences(plan.out, show.out, result.out))
            assert disagreements == []: "the plan and the run disagree:\n${disagreements.join('\n')}\n--- plan\n${plan.out}"
        }
        result
    }

    /**
     * The backups retention deletes: the plan names them ("would delete A, B" on each backup action), the run says
     * "retention deleted A" as it does. For the backup calls the run completed, the same files.
     */
    static List<String> retentionDifferences(String planJson, String showJson, String runOutput) {
        def plan = new JsonSlurper().parseText(planJson)
        def run = new JsonSlurper().parseText(showJson)
        if (plan.steps.any { it.note != null }) {
            return [] // a backup call after a run-time value is not decided; its retention neither
        }
        Map<String, Object> planned = plan.steps.collectEntries { [(it.name): it] }
        Set<String> named = [] as Set
        for (def step : run.steps) {
            int backups = step.calls.count { it.verb == 'backup' && it.state == 'COMPLETED' }
            def actions = (planned[step.name]?.actions ?: []).findAll { it.verb == 'backup' }.take(backups)
            actions.each { a ->
                String retention = a.details?.retention ?: ''
                if (retention.startsWith('would delete ')) {
                    named.addAll((retention - 'would delete ').split(', ') as List)
                }
            }
        }
        Set<String> deleted = runOutput.readLines().collect { (it =~ /retention deleted (\S+)/).with { m -> m.find() ? m.group(1) : null } }
                .findAll() as Set
        named == deleted ? [] : ["retention: planned to delete ${named.sort()}, deleted ${deleted.sort()}".toString()]
    }

    /**
     * The same verbs are not enough: each call the plan decided with all its arguments known (its {@code args}) must
     * have run with exactly those arguments (targets, destinations, commands) as the journal recorded them.
     */
    static List<String> targetDifferences(def step, def planned) {
        def want = planned.actions.findAll { !(it.verb in LOOKUPS) }
        def got = step.calls.findAll { !(it.verb in LOOKUPS) }
        List<String> out = []
        [want, got].transpose().each { a, c ->
            if (a.args != null && a.args != c.args) {
                out << "step '${step.name}', ${a.verb} at line ${a.line}: planned with ${a.args}, ran with ${c.args}".toString()
            }
        }
        out
    }

    /** Every disagreement between {@code planJson} and the run {@code showJson} describes; empty when they agree. */
    static List<String> differences(String planJson, String showJson) {
        def plan = new JsonSlurper().parseText(planJson)
        def run = new JsonSlurper().parseText(showJson)
        List<String> out = []
        Map<String, Object> planned = plan.steps.collectEntries { [(it.name): it] }
        for (def step : run.steps) {
            def p = planned[step.name]
            if (p == null) {
                continue // the rollback: its plan is shown apart, both branches
            }
            List<String> want = p.actions.collect { it.verb as String }.findAll { !(it in LOOKUPS) }
            List<String> got = step.calls.collect { it.verb as String }.findAll { !(it in LOOKUPS) }
            boolean decided = p.note == null
            boolean completed = step.state == 'SUCCEEDED'
            boolean agrees = decided && completed ? got == want
                    : decided ? got == want.take(got.size())
                    : got.take(want.size()) == want || (!completed && want.take(got.size()) == got)
            if (!agrees) {
                out << "step '${step.name}': planned ${want}${decided ? '' : ' (then undecided)'}, ran ${got} (${step.state})".toString()
                continue
            }
            out.addAll(targetDifferences(step, p))
        }
        out
    }
}
