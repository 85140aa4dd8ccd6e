// expect: 'sleep' is not available in runbooks at sleep-not-available.groovy:4
runbook 'demo/sleep-not-available', version: '1.0.0', {
    step 'pause', {
        sleep 1000
    }
}
