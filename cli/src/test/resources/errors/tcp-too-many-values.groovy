// expect: tcp takes at most 2 values before its named arguments (host, port), got 3 at tcp-too-many-values.groovy:4
runbook 'demo/tcp-too-many-values', version: '1.0.0', {
    step 'health', {
        healthCheck tcp('127.0.0.1', 5432, 'x')
    }
}
