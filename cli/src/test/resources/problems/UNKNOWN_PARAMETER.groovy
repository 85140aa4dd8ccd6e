// command: plan <FILE> -p imgae=app:2
// exit: 2
// expect: error[UNKNOWN_PARAMETER]: unknown parameter 'imgae' for runbook problems/unknown-parameter@1.0.0 — did you mean image?
runbook 'problems/unknown-parameter', version: '1.0.0', {
    param 'image', default: 'app:1'
    step 'a', { log params.image }
}
