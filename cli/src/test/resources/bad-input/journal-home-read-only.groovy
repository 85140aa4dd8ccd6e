// case: RIPCORD_HOME is on a read-only file system (no journal yet)
// needs: root
// sh: mkdir jhome && mount -t tmpfs -o ro,size=1m tmpfs jhome
// cleanup: umount <CWD>/jhome
// env: RIPCORD_HOME=<CWD>/jhome
// command: run --no-plan <FILE>
// exit: 2
// code: JOURNAL_UNAVAILABLE
// expect: cannot write the journal <CWD>/jhome/journal.db
// next: make <CWD>/jhome writable
runbook 'corpus/journal-home-read-only', version: '1.0.0', {
    step 'a', { log 'hi' }
}
