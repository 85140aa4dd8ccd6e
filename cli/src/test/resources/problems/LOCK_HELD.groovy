// given: ripcord run --no-plan <FILE>
// given: sqlite INSERT INTO locks (name, run_id, user_name, host, pid, acquired_at, heartbeat_at, expires_at, token) VALUES ('app-db', '20200101-000000-beef', 'ops', 'bastion-2', 4242, 1577836800000, 1577836800000, 32503680000000, 'their-token')
// command: run --no-plan <FILE>
// exit: 5
// expect: error[LOCK_HELD]: lock 'app-db' is held by run 20200101-000000-beef of ops@bastion-2 (pid 4242) since 2020-01-01T00:00:00Z, its lease renewed until 3000-01-01T00:00:00Z
runbook 'problems/lock-held', version: '1.0.0', {
    lock 'app-db'
    step 'a', { log 'hi' }
}
