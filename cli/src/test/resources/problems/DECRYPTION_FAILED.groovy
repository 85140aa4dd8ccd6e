// env: RIPCORD_HOME=<CWD>/rhome
// command: run --no-plan <FILE>
// exit: 65
// expect: error[DECRYPTION_FAILED]: step 'restore' failed: restore: refusing to restore <ID>: its copy in the repository is encrypted with age (to age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p) and restore was given no identity: sqlite <CWD>/app.db was not touched at DECRYPTION_FAILED.groovy:14
runbook 'problems/decryption-failed', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'make', { sh "sqlite3 app.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'" }
    step 'back up', { backup db, to: 'backups' }
    // as `lastBackup(db, from: 's3://problems-bucket/app')` leaves a listed encrypted copy: its manifest and envelope
    // in the home's fetched directory (no server needed: restore refuses before it reads a byte of the object)
    step 'as listed from a repository', {
        sh '''d="rhome/fetched/s3%3A%2F%2Fproblems-bucket%2Fapp"; mkdir -p "$d"; for m in backups/*.manifest.json; do n=$(basename "$m" .manifest.json); cp "$m" "$d/"; printf '{"encryption":"age","recipients":["age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"],"file":"%s.age","size":1,"sha256":"00","sidecars":[]}' "$n" > "$d/$n.encryption.json"; done'''
    }
    step 'restore', { restore lastBackup(db, from: 'rhome/fetched/s3%3A%2F%2Fproblems-bucket%2Fapp') }
}
