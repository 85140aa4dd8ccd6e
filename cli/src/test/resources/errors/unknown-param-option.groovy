// expect: unknown option 'requried' of param at unknown-param-option.groovy:3 — did you mean required?
runbook 'demo/unknown-param-option', version: '1.0.0', {
    param 'image', requried: true
    step 'greet', { log 'hello' }
}
