// Before trusting a host with Ripcord: are the tools its verbs drive installed, and is there room to work?
runbook 'host/preflight', version: '1.0.0', {
    description 'Check the archive and database tools Ripcord drives, and the free disk space'
    param 'dir', default: '.', description: 'the directory backups will be written to'

    step 'archive tools', {
        sh 'tar --version | head -n 1', timeout: 10.seconds
        sh 'gzip --version | head -n 1', timeout: 10.seconds
    }

    step 'database tools', {
        sh 'sqlite3 --version', timeout: 10.seconds
    }

    step 'disk space', {
        def usage = sh "df -P '${params.dir}' | tail -n 1", timeout: 10.seconds
        log "free space under ${params.dir}: ${usage}"
    }
}
