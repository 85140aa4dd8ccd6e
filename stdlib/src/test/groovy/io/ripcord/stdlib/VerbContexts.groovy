package io.ripcord.stdlib

import io.ripcord.catalog.ArtifactCatalog
import io.ripcord.catalog.CatalogEntry
import io.ripcord.exec.ExecutionContext
import io.ripcord.secret.Redactor
import io.ripcord.verb.RunInfo
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

    /** A context of a run that resolved these secrets (name: value). */
    static ExecutionContext context(Path dir, Map<String, String> secrets, RecordedOutput output = new RecordedOutput()) {
        def redactor = new Redactor()
        secrets.each { name, value -> redactor.register(name, value) }
        ExecutionContext.Setting.of(dir, System.getenv()).forCall('test step', output, false, redactor)
    }

    /** A context whose catalog is kept in memory, for the backup family. */
    static ExecutionContext context(Path dir, ArtifactCatalog catalog, RecordedOutput output = new RecordedOutput()) {
        // Ripcord's home in the test's directory: records a verb keeps there (a restore's connection block) stay in it
        // every call a spec makes completes, as the runner would record it: a backup it cataloged is a completed call
        // (a resume's backup continues only one no completed call returned)
        List<io.ripcord.verb.PastCall> completed = new java.util.concurrent.CopyOnWriteArrayList<>()
        if (catalog instanceof MemoryCatalog) {
            ((MemoryCatalog) catalog).completed = completed
            catalog.bySource(null).each { ((MemoryCatalog) catalog).recordCompleted(it) }
        }
        new ExecutionContext.Setting(dir, System.getenv() + [RIPCORD_HOME: dir.resolve('.ripcord-home').toString()], catalog,
                new RunInfo('test/runbook', '1.0.0', 'test-run'), completed)
                .forCall('test step', output, false)
    }

    static class MemoryCatalog implements ArtifactCatalog {
        final List<CatalogEntry> entries = []
        List<io.ripcord.verb.PastCall> completed = []
        void add(CatalogEntry entry) { entries.removeIf { it.id() == entry.id() }; entries << entry; recordCompleted(entry) }
        void recordCompleted(CatalogEntry entry) {
            if (entry.role() == CatalogEntry.Role.BACKUP) {
                completed << new io.ripcord.verb.PastCall('backup', entry.step(), [:], [backup: entry.id()])
            }
        }
        void remove(String id) { entries.removeIf { it.id() == id } }
        List<CatalogEntry> bySource(String source) {
            entries.findAll { source == null || it.source() == source }.sort { a, b -> b.createdAt() <=> a.createdAt() }
        }
    }
}
