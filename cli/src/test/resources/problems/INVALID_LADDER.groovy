// command: plan <FILE> -p startLevel=4
// exit: 2
// expect: error[INVALID_LADDER]: ladder(from: 4) names no level: this ladder has levels 1 to 2 (redeploy, revert) at INVALID_LADDER.groovy:7
runbook 'problems/invalid-ladder', version: '1.0.0', {
    param 'startLevel', default: 1
    step 'health', { healthCheck command('true') }
    rollbackIf { failed 'health' } then ladder(from: params.startLevel) {
        level 'redeploy', { log 'redeploy' }
        level 'revert', { log 'revert' }
    }
}
