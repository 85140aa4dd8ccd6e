// case: a directory backup fills its destination
// needs: root
// given: data
// sh: head -c 400000 /dev/urandom > data/big.bin
// sh: mkdir m && mount -t tmpfs -o size=64k tmpfs m
// cleanup: umount <CWD>/m
// command: run --no-plan <FILE>
// exit: 73
// code: DISK_FULL
// expect: the disk is full
// next: free space in <CWD>/m, or give another to:
// where: <FILE>:17
runbook 'corpus/backup-tree-disk-full', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backup tree, to: 'm'
    }
}
