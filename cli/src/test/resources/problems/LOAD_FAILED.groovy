// command: run --no-plan <FILE>
// exit: 2
// expect: error[LOAD_FAILED]: loading the runbook failed: IndexOutOfBoundsException: Index 5 out of bounds for length 2 at LOAD_FAILED.groovy:6
runbook 'problems/load-failed', version: '1.0.0', {
    def hosts = ['a', 'b']
    def primary = hosts[0].toUpperCase() + hosts.get(5)
    step 'a', { log primary }
}
