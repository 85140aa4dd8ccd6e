// given: ripcord plan <FILE> -p who=ops --out reviewed.json
// command: run <FILE> -p who=eve --plan reviewed.json
// exit: 2
// expect: error[STALE_PLAN]: the plan in reviewed.json is stale: parameter 'who' was ops, is now eve; step 'a' would now do "sh: run 'echo hello eve'" where the plan said "sh: run 'echo hello ops'"
runbook 'problems/stale-plan', version: '1.0.0', {
    param 'who', default: 'ops'
    step 'a', { sh "echo hello ${params.who}" }
}
