// given: ripcord run --no-plan <FILE>
// command: resume 20200101-000000-dead
// exit: 2
// expect: error[UNKNOWN_RUN]: no run '20200101-000000-dead' in the journal <HOME>/.ripcord/journal.db
runbook 'problems/unknown-run', version: '1.0.0', {
    step 'a', { log 'hi' }
}
