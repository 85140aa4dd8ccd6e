// expect: unknown name 'backupDri' at unknown-name.groovy:5 — did you mean backupDir?
runbook 'demo/unknown-name', version: '1.0.0', {
    def backupDir = '/var/backups'
    step 'report', {
        log "backups go to ${backupDri}"
    }
}
