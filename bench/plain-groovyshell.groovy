// The baseline bench/startup.sh compares with: a runbook evaluated the way a Groovy DSL usually is — a GroovyShell,
// the DSL words as closures in the binding, no checks, no class cache, default JVM flags. Steps are collected, not run.
def steps = []
def spec = new Expando()
spec.description = { String text -> }
spec.param = { Object... args -> }
spec.lock = { String name -> }
spec.step = { String name, Closure body -> steps << name }
def binding = new Binding()
binding.runbook = { Object... args ->
    Closure body = args[-1]
    body.delegate = spec
    body.resolveStrategy = Closure.DELEGATE_FIRST
    body()
}
new GroovyShell(binding).evaluate(new File(args[0]))
println "${steps.size()} steps"
