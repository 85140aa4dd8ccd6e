// expect: wait argument 'duration' expects a duration like 30.seconds, got 5 (Integer) at argument-wrong-type.groovy:4
runbook 'demo/argument-wrong-type', version: '1.0.0', {
    step 'pause', {
        wait 5
    }
}
