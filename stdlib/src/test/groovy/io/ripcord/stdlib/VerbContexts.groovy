package io.ripcord.stdlib

import io.ripcord.exec.ExecutionContext
import io.ripcord.verb.ArgumentBinder
import io.ripcord.verb.Verb
import io.ripcord.verb.VerbCall
import io.ripcord.verb.VerbOutput

import java.nio.file.Path

/** Calls a verb the way a step does, with its output recorded. */
class VerbContexts {

    static class RecordedOutput implements VerbOutput {
        final List<String> lines = Collections.synchronizedList([])
        void info(String message) { lines << "info: $message".toString() }
        void warn(String message) { lines << "warn: $message".toString() }
        void output(String line) { lines << "| $line".toString() }
    }

    static VerbCall call(Verb verb, Object... args) {
        new VerbCall(verb.spec().name(), ArgumentBinder.bind(verb.spec(), args), 'test step', null)
    }

    static ExecutionContext context(Path dir, RecordedOutput output = new RecordedOutput()) {
        ExecutionContext.Setting.of(dir, System.getenv()).forCall('test step', output, false)
    }
}
