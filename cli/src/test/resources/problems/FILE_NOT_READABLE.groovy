// command: plan <FILE> --params-file prod.properties
// exit: 2
// expect: error[FILE_NOT_READABLE]: cannot read params file prod.properties: no such file
runbook 'problems/file-not-readable', version: '1.0.0', {
    param 'image', default: 'app:1'
    step 'a', { log params.image }
}
