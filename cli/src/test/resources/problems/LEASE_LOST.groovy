// command: run --no-plan <FILE>
// exit: 5
// expect: error[LEASE_LOST]: run <ANY> is no longer this process's: it was taken over by bob@bastion-3 (pid 77); it stopped before its next change, and wrote nothing after losing its lease
runbook 'problems/lease-lost', version: '1.0.0', {
    step 'a', {
        // another process takes the run over while this call acts, as `resume --take-over` on another machine would (waiting,
        // as that one would, for a heartbeat's write to end)
        sh '''sqlite3 -cmd '.timeout 10000' <CWD>/../home/.ripcord/journal.db "UPDATE runs SET lease_token = 'taken', user_name = 'bob', host = 'bastion-3', pid = 77"'''
    }
    step 'b', { sh 'touch never-written' }
}
