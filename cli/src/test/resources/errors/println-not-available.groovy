// expect: 'println' is not available in runbooks at println-not-available.groovy:4
runbook 'demo/println-not-available', version: '1.0.0', {
    step 'say', {
        println "deploying"
    }
}
