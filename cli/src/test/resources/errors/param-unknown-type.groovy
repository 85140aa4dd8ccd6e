// expect: parameter 'when' type must be one of [String, Integer, Long, Boolean, Duration, ByteSize], got class java.util.Date at param-unknown-type.groovy:3
runbook 'demo/param-unknown-type', version: '1.0.0', {
    param 'when', type: Date
    step 'wait', { log 'waiting' }
}
