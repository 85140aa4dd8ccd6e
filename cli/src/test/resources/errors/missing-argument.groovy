// expect: sh needs 'command' at missing-argument.groovy:4
runbook 'demo/missing-argument', version: '1.0.0', {
    step 'look', {
        sh timeout: 5.seconds
    }
}
