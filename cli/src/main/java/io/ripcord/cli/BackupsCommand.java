package io.ripcord.cli;

import io.ripcord.report.JsonDocument;
import io.ripcord.report.TextTable;
import io.ripcord.units.Counted;
import groovy.json.JsonSlurper;
import io.ripcord.catalog.CatalogEntry;
import io.ripcord.journal.Journal;
import io.ripcord.journal.Operator;
import io.ripcord.params.ParamType;
import io.ripcord.problem.ExitCode;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.units.ByteSize;
import io.ripcord.units.Durations;
import io.ripcord.units.TimeSpan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "backups", mixinStandardHelpOptions = true,
        description = {"The backup catalog: every backup, newest first (--safety: restore's safety copies instead).",
                "--check exits 1 when a source's newest backup is older than --max-age, or its file is missing, smaller on disk",
                "than --min-size or than the catalog recorded (--deep: its SHA-256 differs too) (for cron).",
                "--rescan DIR rebuilds the catalog from the manifests under DIR.",
                "--repo URL lists what a repository (s3://BUCKET/PREFIX) holds, read from its manifests, journal or not."})
public final class BackupsCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "SOURCE", arity = "0..1", description = "Only backups of this source: a path, or an id like sqlite:/app/db.sqlite.")
    String source;

    @Option(names = "--check", description = "Check the newest backup of each source (or of SOURCE) against --max-age and --min-size.")
    boolean check;

    @Option(names = "--max-age", paramLabel = "AGE", defaultValue = "25h", description = "With --check: the newest backup must be younger (default ${DEFAULT-VALUE}).")
    String maxAge;

    @Option(names = "--min-size", paramLabel = "SIZE", defaultValue = "1B", description = "With --check: the newest backup must be at least this big (default ${DEFAULT-VALUE}).")
    String minSize;

    @Option(names = "--deep", description = "With --check: also read each newest backup whole and compare its SHA-256 with the catalog's.")
    boolean deep;

    @Option(names = "--safety", description = "List restore's safety copies (they are not backups: never checked, never lastBackup).")
    boolean safety;

    @Option(names = "--rescan", paramLabel = "DIR", description = "Add every backup whose manifest is under DIR to the catalog.")
    String rescan;

    @Option(names = "--json", description = {"Print the backups, or with --check its findings, as JSON for tools and monitors",
            "(formats ripcord-backups/1, ripcord-backup-check/1)."})
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT", description = {"With --check: text, json, or health (application/health+json,",
            "for uptime monitors: status pass or fail, a check per source)."})
    CheckFormat format;

    /** How --check reports. */
    enum CheckFormat { text, json, health }

    @Option(names = "--repo", paramLabel = "URL", description = "List the backups in this repository (s3://BUCKET/PREFIX), from its manifests; credentials the AWS way.")
    String repo;

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() throws IOException {
        Cli cli = root.cli;
        if (format != null && !check) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_COMMAND_LINE, "--format " + format + " says how --check reports", null)
                    .withNext("add --check, or use --json for the list itself"));
        }
        if (repo != null) {
            return listRepository(cli);
        }
        if (rescan != null) {
            try (Journal journal = journalOption.open(cli)) {
                return rescan(cli, journal, cli.cwd().resolve(rescan));
            }
        }
        Optional<Journal> journal = journalOption.openExisting(cli);
        List<CatalogEntry> entries;
        Map<String, String> hosts;
        try {
            entries = journal.map(j -> j.artifacts(null)).orElse(List.of()).stream().filter(this::matches)
                    .filter(e -> e.safetyCopy() == (safety && !check)).toList();
            hosts = journal.map(Journal::artifactHosts).orElse(Map.of());
        } finally {
            journal.ifPresent(Journal::close);
        }
        return check ? check(cli, entries) : list(cli, entries, hosts);
    }

    /** What a repository holds, from its manifests alone: the disaster case needs no journal. */
    private int listRepository(Cli cli) {
        io.ripcord.stdlib.repository.Repository repository;
        try {
            repository = io.ripcord.stdlib.repository.Repository.of(repo);
        } catch (io.ripcord.repository.RepositoryUrl.Invalid e) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_REPOSITORY, "--repo " + e.getMessage(), null)
                    .withNext("a repository is s3://BUCKET/PREFIX (a local directory: --rescan DIR)"));
        }
        if (!repository.remote() || io.ripcord.stdlib.repository.Repositories.unsupported(repository) != null) {
            String why = repository.remote() ? io.ripcord.stdlib.repository.Repositories.unsupported(repository) : "'" + repo + "' is a local directory";
            throw new RunbookException(Problem.of(ProblemCode.INVALID_REPOSITORY, "--repo " + why, null)
                    .withNext("a repository is s3://BUCKET/PREFIX (a local directory: --rescan DIR)"));
        }
        List<io.ripcord.stdlib.backup.RepositoryListing.Listed> listed;
        try {
            listed = io.ripcord.stdlib.backup.RepositoryListing.list(repository, cli.env());
        } catch (io.ripcord.stdlib.repository.RepositoryException e) {
            throw new RunbookException(Problem.of(ProblemCode.REPOSITORY_UNAVAILABLE, e.getMessage(), null).withNext(e.next()));
        }
        listed = listed.stream().filter(l -> l.safetyCopy() == safety)
                .filter(l -> source == null || l.source().equals(source) || l.source().endsWith(":" + cli.cwd().resolve(source).toAbsolutePath().normalize()))
                .toList();
        if (json) {
            cli.out().print(JsonDocument.render(cli.redactor().redactTree(repositoryJson(repository, listed))));
        } else if (listed.isEmpty()) {
            cli.out().println("No " + (safety ? "safety copies" : "backups") + " in " + repository + (source == null ? "" : " for " + source) + ".");
        } else {
            TextTable table = new TextTable(safety ? "SAFETY COPY" : "BACKUP", "KIND", "SIZE", "AGE", "SEALED WITH", "COPY", "SOURCE");
            for (var l : listed) {
                table.row(l.id(), l.kind(), new ByteSize(l.size()), Durations.format(Duration.between(l.created(), Instant.now()).withNanos(0)),
                        l.sealedWith() == null ? "-" : "key " + l.sealedWith(), copyState(l), l.source());
            }
            cli.out().print(table.render());
        }
        cli.out().flush();
        return 0;
    }

    /** Whether the object holding a listed backup's bytes is there, and in which form. */
    private static String copyState(io.ripcord.stdlib.backup.RepositoryListing.Listed l) {
        return !l.bodyPresent() ? "ARTIFACT MISSING" : l.encrypted() ? "encrypted (age)" : "plain";
    }

    /**
     * The same document as the catalog's ({@code ripcord-backups/1}), its entries read from the repository's manifests:
     * {@code path} is the object's key, what only a journal knows (run, step, host, verify) is null, and
     * {@code repository}, {@code object}, {@code encrypted} and {@code artifactPresent} say where and what the copy is.
     */
    private Map<String, Object> repositoryJson(io.ripcord.stdlib.repository.Repository repository,
                                               List<io.ripcord.stdlib.backup.RepositoryListing.Listed> listed) {
        List<Object> list = new ArrayList<>();
        for (var l : listed) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", l.id());
            m.put("kind", l.kind());
            m.put("source", l.source());
            m.put("path", l.file());
            m.put("sizeBytes", l.size());
            m.put("sha256", l.sha256());
            m.put("createdAt", JsonDocument.time(l.created().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))); // as the catalog keeps it
            m.put("ageMs", Duration.between(l.created(), Instant.now()).toMillis());
            m.put("run", null);
            m.put("step", null);
            m.put("host", null);
            m.put("safetyCopy", l.safetyCopy());
            m.put("verified", null);
            m.put("verifiedAt", null);
            m.put("repository", repository.url().text());
            m.put("object", l.object());
            m.put("encrypted", l.encrypted());
            m.put("artifactPresent", l.bodyPresent());
            m.put("sealedWith", l.sealedWith());
            list.add(m);
        }
        Map<String, Object> root = JsonDocument.of(JsonDocument.BACKUPS);
        root.put("repository", repository.url().text());
        root.put(safety ? "safetyCopies" : "backups", list);
        return root;
    }

    private boolean matches(CatalogEntry e) {
        if (source == null) {
            return true;
        }
        String path = source.contains(":") ? source : root.cli.cwd().resolve(source).toAbsolutePath().normalize().toString();
        return e.source().equals(source) || e.source().endsWith(":" + path);
    }

    /** {@code hosts}: where each artifact was made; a HOST column is shown once some were made on other machines. */
    private int list(Cli cli, List<CatalogEntry> entries, Map<String, String> hosts) {
        if (json) {
            List<Object> list = new ArrayList<>();
            for (CatalogEntry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.id());
                m.put("kind", e.kind());
                m.put("source", e.source());
                m.put("path", e.path());
                m.put("sizeBytes", e.size());
                m.put("sha256", e.sha256());
                m.put("createdAt", JsonDocument.time(e.createdAt()));
                m.put("ageMs", Duration.between(e.createdAt(), Instant.now()).toMillis());
                m.put("run", e.runId());
                m.put("step", e.step());
                m.put("host", hosts.get(e.id()));
                m.put("safetyCopy", e.safetyCopy());
                m.put("verified", e.verification() == null ? null : e.verification().passed());
                m.put("verifiedAt", e.verification() == null ? null : JsonDocument.time(e.verification().at()));
                list.add(m);
            }
            Map<String, Object> root = JsonDocument.of(JsonDocument.BACKUPS);
            root.put(safety ? "safetyCopies" : "backups", list);
            cli.out().print(JsonDocument.render(cli.redactor().redactTree(root)));
            cli.out().flush();
            return 0;
        }
        String what = safety ? "safety copies" : "backups";
        if (entries.isEmpty()) {
            cli.out().println("No " + what + " in the catalog" + (source == null ? "" : " for " + source) + ".");
        } else {
            String here = Operator.current().host();
            boolean shared = entries.stream().anyMatch(e -> !hosts.getOrDefault(e.id(), here).equals(here));
            TextTable table = shared ? new TextTable(safety ? "SAFETY COPY" : "BACKUP", "KIND", "SIZE", "AGE", "VERIFIED", "HOST", "FILE")
                    : new TextTable(safety ? "SAFETY COPY" : "BACKUP", "KIND", "SIZE", "AGE", "VERIFIED", "FILE");
            for (CatalogEntry e : entries) {
                String verified = e.verification() == null ? "-" : e.verification().passed() ? "ok" : "FAILED";
                if (shared) {
                    table.row(e.id(), e.kind(), new ByteSize(e.size()), age(e), verified, hosts.getOrDefault(e.id(), "?"), e.path());
                } else {
                    table.row(e.id(), e.kind(), new ByteSize(e.size()), age(e), verified, e.path());
                }
            }
            cli.out().print(table.render());
        }
        cli.out().flush();
        return 0;
    }

    private int check(Cli cli, List<CatalogEntry> entries) {
        Duration limit = ((TimeSpan) parse(ParamType.DURATION, maxAge, "--max-age")).duration();
        ByteSize min = (ByteSize) parse(ParamType.SIZE, minSize, "--min-size");
        Map<String, CatalogEntry> newest = new LinkedHashMap<>();
        // a backup that failed verify is no backup: the newest one that did not is what a restore would get
        entries.stream().filter(e -> !e.failedVerify()).forEach(e -> newest.putIfAbsent(e.source(), e));
        List<String> problems = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        if (newest.isEmpty()) {
            problems.add("no backups" + (source == null ? "" : " of " + source) + " in the catalog");
        }
        CheckFormat how = format != null ? format : json ? CheckFormat.json : CheckFormat.text;
        newest.forEach((src, e) -> {
            Duration age = Duration.between(e.createdAt(), Instant.now());
            List<String> wrong = new ArrayList<>();
            if (age.compareTo(limit) > 0) {
                wrong.add("older than " + maxAge);
            }
            Long onDisk = sizeOnDisk(Path.of(e.path()));
            if (onDisk == null) {
                wrong.add("its file " + e.path() + " is gone");
            } else {
                if (onDisk < min.bytes()) {
                    wrong.add("smaller than " + minSize);
                }
                if (onDisk != e.size()) {
                    wrong.add("its file is " + onDisk + " bytes on disk, the catalog recorded " + e.size());
                } else if (deep) {
                    String sha = sha256(Path.of(e.path()));
                    if (!sha.equals(e.sha256())) {
                        wrong.add("its SHA-256 is " + sha + ", the catalog recorded " + e.sha256());
                    }
                }
            }
            String line = src + ": newest backup " + e.id() + " is " + Durations.format(age.withNanos(0)) + " old, "
                    + (onDisk == null ? "missing" : new ByteSize(onDisk) + " on disk") + (deep && wrong.isEmpty() ? ", SHA-256 matches the catalog" : "");
            findings.add(new Finding(src, e, age, onDisk, wrong));
            if (!wrong.isEmpty()) {
                problems.add(line + " — " + String.join(" — ", wrong));
            } else if (how == CheckFormat.text) {
                cli.out().println("OK   " + line);
            }
        });
        if (how != CheckFormat.text) {
            boolean none = newest.isEmpty();
            Map<String, Object> doc = how == CheckFormat.json ? BackupHealth.json(findings, none, limit, min) : BackupHealth.health(findings, none);
            cli.out().print(JsonDocument.render(cli.redactor().redactTree(doc)));
            cli.out().flush();
            return problems.isEmpty() ? ExitCode.OK.code : ExitCode.STEP_FAILED.code;
        }
        problems.forEach(p -> cli.err().println("FAIL " + p));
        cli.out().flush();
        cli.err().flush();
        return problems.isEmpty() ? ExitCode.OK.code : ExitCode.STEP_FAILED.code;
    }

    /** What --check found for one source's newest backup: {@code wrong} is empty when it passes. */
    record Finding(String source, CatalogEntry newest, Duration age, Long onDisk, List<String> wrong) {
    }

    private int rescan(Cli cli, Journal journal, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new RunbookException(Problem.of(ProblemCode.FILE_NOT_READABLE, "cannot rescan " + rescan + ": not a directory", null)
                    .withNext("give the directory backups were written to (their to:)"));
        }
        int added = 0;
        // an entry a run made stays as it is: its size, SHA-256 and verify outcome outrank any manifest
        java.util.Set<String> known = new java.util.HashSet<>(journal.artifacts(null).stream().map(CatalogEntry::id).toList());
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path manifest : walk.filter(p -> p.getFileName().toString().endsWith(".manifest.json")).sorted().toList()) {
                Optional<CatalogEntry> entry = fromManifest(manifest);
                if (entry.isPresent() && known.contains(entry.get().id())) {
                    continue;
                }
                if (entry.isPresent()) {
                    // what a manifest says is believed only as far as its seal goes (verify and restore check it)
                    journal.addArtifact(entry.get().from(CatalogEntry.Origin.MANIFEST));
                    added++;
                } else {
                    cli.err().println("skipped " + manifest + ": not a Ripcord manifest, or its artifact is missing");
                }
            }
        }
        cli.out().println("Cataloged " + Counted.of(added, "backup") + " from " + dir + ".");
        cli.out().flush();
        return 0;
    }

    @SuppressWarnings("unchecked")
    static Optional<CatalogEntry> fromManifest(Path manifest) {
        try {
            Map<String, Object> m = (Map<String, Object>) new JsonSlurper().parseText(Files.readString(manifest));
            Map<String, Object> source = (Map<String, Object>) m.get("source");
            Map<String, Object> artifact = (Map<String, Object>) m.get("artifact");
            Path file = manifest.resolveSibling((String) artifact.get("file"));
            if (!"ripcord-manifest/1".equals(m.get("format")) || !Files.exists(file)) {
                return Optional.empty();
            }
            Map<String, Object> runbook = (Map<String, Object>) m.getOrDefault("runbook", Map.of());
            return Optional.of(new CatalogEntry((String) m.get("id"), (String) m.get("kind"), (String) source.get("id"),
                    file.toAbsolutePath().toString(), ((Number) artifact.get("size")).longValue(), (String) artifact.get("sha256"),
                    Instant.parse((String) m.get("created")), (String) runbook.get("run"), (String) runbook.get("step"),
                    Files.readString(manifest)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file's size as the file system says, not as any manifest does; null when it is not there. */
    private static Long sizeOnDisk(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String age(CatalogEntry e) {
        return Durations.format(Duration.between(e.createdAt(), Instant.now()).withNanos(0));
    }

    private static Object parse(ParamType type, String text, String option) {
        try {
            return type.fromText(text);
        } catch (IllegalArgumentException e) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_PARAMETER_VALUE, option + " expects " + e.getMessage() + ", got '" + text + "'", null));
        }
    }
}
