// given: ripcord run --no-plan <FILE>
// command: resume <RUN>
// exit: 2
// expect: error[NOT_RESUMABLE]: run <RUN> already succeeded; nothing to resume
runbook 'problems/not-resumable', version: '1.0.0', {
    step 'a', { log 'this run succeeds' }
}
