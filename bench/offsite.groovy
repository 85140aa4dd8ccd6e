// The offsite benchmark's runbook: back up a file locally, ship it to a repository, read it back.
runbook 'bench/offsite', version: '1.0.0', {
    param 'file', required: true
    param 'to', required: true
    param 'repo', required: true
    param 'mode', default: 'backup'
    def big = file(params.file)
    step 'work', {
        if (params.mode == 'backup') {
            backup big, to: params.to, compress: 'none'
        } else if (params.mode == 'copy') {
            copy lastBackup(big), to: params.repo
        } else {
            verify lastBackup(big, from: params.repo)
        }
    }
}
