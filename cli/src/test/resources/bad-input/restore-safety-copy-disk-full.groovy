// case: the backup directory is too full for the safety copy a restore takes first
// needs: root
// given: backups 1
// sh: mkdir keep && cp -a backups/. keep/ && mount -t tmpfs -o size=64k tmpfs backups && cp -a keep/. backups/ && rm -r keep && dd if=/dev/zero of=backups/filler bs=1k count=$(( $(df --output=avail -k backups | tail -1) - 1 )) 2>/dev/null
// cleanup: umount <CWD>/backups
// command: run --no-plan <FILE>
// exit: 73
// code: DISK_FULL
// expect: refusing to restore: the safety backup of sqlite <CWD>/app.db failed
// next: free space in <CWD>/backups
// where: <FILE>:16
runbook 'corpus/safety-full', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
