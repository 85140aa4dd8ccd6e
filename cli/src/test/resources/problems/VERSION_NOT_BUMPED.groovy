// given: ripcord run --no-plan <FILE>
// given: edit echo one => echo two
// command: check <FILE>
// exit: 2
// expect: error[VERSION_NOT_BUMPED]: content changed but version not bumped: problems/version-not-bumped@1.0.0 ran as run <RUN> with other content
runbook 'problems/version-not-bumped', version: '1.0.0', {
    step 'a', { sh 'echo one' }
}
