// command: run --no-plan <FILE>
// exit: 2
// expect: error[MISSING_SECRET]: secret 'DEPLOY_TOKEN' is not available: the environment variable DEPLOY_TOKEN is not set at MISSING_SECRET.groovy:5
runbook 'problems/missing-secret', version: '1.0.0', {
    step 'a', { sh "curl -fsS -H 'Authorization: Bearer ${secret('DEPLOY_TOKEN')}' http://127.0.0.1:9/hook" }
}
