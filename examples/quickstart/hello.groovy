// The quick-start runbook: three steps and two parameters. It writes one file, under the scratch directory.
runbook 'quickstart/hello', version: '1.0.0', {
    description 'A first runbook: greet, look at the host, leave a marker file'
    param 'name', default: 'on-call', description: 'who is running this'
    param 'scratch', default: 'target/quickstart', description: 'the directory the marker file goes to'

    step 'greet', {
        log "Hello, ${params.name}. This runbook writes only under ${params.scratch}."
    }

    step 'look around', {
        def kernel = sh 'uname -sr', timeout: 10.seconds
        sh 'df -h .', timeout: 10.seconds
        log "running on ${kernel}"
    }

    step 'leave a marker', {
        sh "mkdir -p '${params.scratch}' && date -u +%FT%TZ > '${params.scratch}/last-run.txt'"
        wait 1.seconds, reason: 'a pause, to show how waits look'
        log "marker written to ${params.scratch}/last-run.txt"
    }
}
