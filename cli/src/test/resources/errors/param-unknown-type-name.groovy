// expect: parameter 'when' type must be one of [String, Integer, Long, Boolean, Duration, ByteSize], got timestamp at param-unknown-type-name.groovy:3
runbook 'demo/param-unknown-type-name', version: '1.0.0', {
    param 'when', type: 'timestamp'
    step 'wait', { log 'waiting' }
}
