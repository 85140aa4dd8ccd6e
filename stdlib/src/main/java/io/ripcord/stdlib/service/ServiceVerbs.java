package io.ripcord.stdlib.service;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.Deferred;
import io.ripcord.plan.PlannedAction;
import io.ripcord.units.Durations;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.time.Duration;

/** {@code stopService app}, {@code startService app}, {@code restartService app}: one family over {@link ServiceTarget}. */
public final class ServiceVerbs {

    private ServiceVerbs() {
    }

    /** {@code process('api', start: './api', pidfile: 'api.pid', port: 8080)}: a service that is not a container. */
    public static final class Process implements io.ripcord.verb.ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("process")
                .summary("A service run as a plain process: started detached with setsid, its pid in pidfile:, up when port: accepts.")
                .positional("name").required("name", ArgType.STRING, "a name for messages and the journal")
                .optional("start", ArgType.COMMAND, null, "the command that runs it in the foreground")
                .optional("stop", ArgType.COMMAND, "SIGTERM, SIGKILL at the timeout", "a command that stops it")
                .optional("pidfile", ArgType.STRING, null, "where its pid is kept (Ripcord writes it when it starts the process)")
                .optional("port", ArgType.INTEGER, null, "a TCP port on 127.0.0.1 that accepts connections when it is up")
                .optional("log", ArgType.STRING, "/dev/null", "a file its output is appended to")
                .optional("dir", ArgType.STRING, "the current directory", "its working directory")
                .returns(ProcessTarget.class, "the target").example("def api = process 'api', start: './api --port 8080', pidfile: '/run/api.pid', port: 8080").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public Object value(VerbCall call, VerbContext context) throws VerbFailure {
            java.nio.file.Path cwd = context.workingDirectory();
            if (!call.has("pidfile") && !call.has("port")) {
                throw new VerbFailure("process '" + call.string("name", "") + "' needs a pidfile: or a port: to know whether it runs");
            }
            return new ProcessTarget(call.string("name", ""), call.value("start"), call.value("stop"),
                    call.has("pidfile") ? cwd.resolve(call.string("pidfile", "")) : null,
                    call.has("port") ? (int) call.integer("port", 0) : null,
                    call.has("log") ? cwd.resolve(call.string("log", "")) : null,
                    call.has("dir") ? cwd.resolve(call.string("dir", ".")) : cwd);
        }
    }

    abstract static class ServiceVerb implements Verb {
        private final VerbSpec spec;
        private final Duration defaultTimeout;

        ServiceVerb(VerbSpec.Builder spec, Duration defaultTimeout) {
            this.spec = spec.build();
            this.defaultTimeout = defaultTimeout;
        }

        @Override
        public VerbSpec spec() {
            return spec;
        }

        Duration timeout(VerbCall call) {
            return call.duration("timeout", defaultTimeout);
        }

        @Override
        public PlannedAction plan(VerbCall call, VerbContext context) {
            Object value = call.value("target");
            if (!(value instanceof ServiceTarget target)) {
                return PlannedAction.of(ActionKind.CHANGE, spec.name() + " " + value);
            }
            String what;
            try {
                what = describePlan(target, call, context);
            } catch (VerbFailure e) {
                what = "cannot look now: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                what = "interrupted while looking";
            }
            return PlannedAction.of(ActionKind.CHANGE, target.describe() + ": " + what)
                    .detail("timeout", Durations.format(timeout(call)));
        }

        abstract String describePlan(ServiceTarget target, VerbCall call, VerbContext context) throws VerbFailure, InterruptedException;

        static ServiceTarget target(VerbCall call) throws VerbFailure {
            Object value = call.value("target");
            if (value instanceof ServiceTarget target) {
                return target;
            }
            throw new VerbFailure(call.verb() + " cannot act on " + io.ripcord.units.Values.format(value),
                    "give it container('name'), process(...), compose('project', 'service') or compose('project')");
        }

        /** A run-time image (previous(app) in a rollback, "app:${tag}" of a command's output) has no name to look up yet: the plan says what would decide. */
        static String planStart(ServiceTarget target, VerbCall call, VerbContext context) throws VerbFailure, InterruptedException {
            if (Deferred.isIn(call.value("image"))) {
                return "start on " + call.value("image") + ", recreated if that is not the image it runs (now "
                        + target.observe(context).describe() + ")";
            }
            return target.planStart(image(call), context);
        }

        static String image(VerbCall call) {
            Object image = call.value("image");
            return image == null ? null : String.valueOf(image);
        }

        @Override
        public Object journal(Object result) {
            return ((ServiceChange) result).data();
        }

        @Override
        public Object restore(Object data) {
            return ServiceChange.of(data);
        }

        static VerbSpec.Builder spec(String name, String summary, String defaultTimeout, String example) {
            return VerbSpec.named(name).summary(summary)
                    .positional("target").required("target", ArgType.ANY, "container('name'), process(...), compose('project', 'service') or compose('project')")
                    .optional("timeout", ArgType.DURATION, defaultTimeout, "how long to wait for the service to get there; a container is killed when it will not stop")
                    .returns(ServiceChange.class, "the change: before and after (running, image, image id), changed")
                    .example(example);
        }
    }

    public static final class Stop extends ServiceVerb {
        public Stop() {
            super(spec("stopService", "Stop a service and wait until it has stopped; already stopped is success.", "30.seconds",
                    "stopService container('workload-app'), timeout: 30.seconds"), Duration.ofSeconds(30));
        }

        @Override
        String describePlan(ServiceTarget target, VerbCall call, VerbContext context) throws VerbFailure, InterruptedException {
            return target.planStop(timeout(call), context);
        }

        @Override
        public Object apply(VerbCall call, VerbContext context) throws Exception {
            return target(call).stop(timeout(call), context);
        }
    }

    public static final class Start extends ServiceVerb {
        public Start() {
            super(spec("startService", "Start a service and wait until it runs; a container whose image changed is recreated with its configuration.",
                    "60.seconds", "startService container('workload-app'), image: 'workload-app:v2'")
                    .optional("image", ArgType.ANY, "the container's own image name", "containers: the image to run (a name:tag, an id, or previous(container))"),
                    Duration.ofSeconds(60));
        }

        @Override
        String describePlan(ServiceTarget target, VerbCall call, VerbContext context) throws VerbFailure, InterruptedException {
            return planStart(target, call, context);
        }

        @Override
        public Object apply(VerbCall call, VerbContext context) throws Exception {
            return target(call).start(image(call), timeout(call), context);
        }
    }

    public static final class Restart extends ServiceVerb {
        public Restart() {
            super(spec("restartService", "Stop (if running) and start a service, waiting for each; recreates a container whose image changed.",
                    "60.seconds", "restartService container('workload-app')")
                    .optional("image", ArgType.ANY, "the container's own image name", "containers: the image to run"),
                    Duration.ofSeconds(60));
        }

        @Override
        String describePlan(ServiceTarget target, VerbCall call, VerbContext context) throws VerbFailure, InterruptedException {
            ServiceState now = target.observe(context);
            return (now.running() ? "stop, then " : "") + planStart(target, call, context);
        }

        @Override
        public Object apply(VerbCall call, VerbContext context) throws Exception {
            ServiceTarget target = target(call);
            ServiceChange stopped = target.stop(timeout(call), context);
            ServiceChange started = target.start(image(call), timeout(call), context);
            return new ServiceChange(started.target(), "restart", stopped.before(), started.after(), true, started.kept());
        }
    }
}
