package io.ripcord.cli;

import io.ripcord.report.JsonDocument;
import io.ripcord.units.ByteSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code backups --check} for machines: {@value JsonDocument#BACKUP_CHECK} (every source's newest backup with its
 * age, sizes and what is wrong with it), or the health check response format uptime monitors read
 * ({@code application/health+json}: status pass or fail, one check per source, the age as its observed value).
 */
final class BackupHealth {

    private BackupHealth() {
    }

    static Map<String, Object> json(List<BackupsCommand.Finding> findings, boolean none, Duration maxAge, ByteSize minSize) {
        Map<String, Object> root = JsonDocument.of(JsonDocument.BACKUP_CHECK);
        root.put("status", status(findings, none));
        root.put("maxAgeMs", maxAge.toMillis());
        root.put("minSizeBytes", minSize.bytes());
        List<Object> sources = new ArrayList<>();
        for (BackupsCommand.Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", f.source());
            m.put("status", f.wrong().isEmpty() ? "pass" : "fail");
            m.put("newest", f.newest().id());
            m.put("path", f.newest().path());
            m.put("createdAt", JsonDocument.time(f.newest().createdAt()));
            m.put("ageMs", f.age().toMillis());
            m.put("sizeBytes", f.newest().size());
            m.put("onDiskBytes", f.onDisk());
            m.put("problems", f.wrong());
            sources.add(m);
        }
        root.put("sources", sources);
        root.put("problems", none ? List.of("no backups in the catalog") : List.of());
        return root;
    }

    static Map<String, Object> health(List<BackupsCommand.Finding> findings, boolean none) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("status", status(findings, none));
        root.put("serviceId", "ripcord-backups");
        root.put("description", "the newest backup of each source in Ripcord's catalog");
        if (none) {
            root.put("output", "no backups in the catalog");
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        for (BackupsCommand.Finding f : findings) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("componentId", f.newest().id());
            check.put("componentType", "backup");
            check.put("observedValue", f.age().toSeconds());
            check.put("observedUnit", "s");
            check.put("status", f.wrong().isEmpty() ? "pass" : "fail");
            check.put("time", JsonDocument.time(f.newest().createdAt()));
            if (!f.wrong().isEmpty()) {
                check.put("output", String.join("; ", f.wrong()));
            }
            checks.put("backup:" + f.source(), List.of(check));
        }
        root.put("checks", checks);
        return root;
    }

    private static String status(List<BackupsCommand.Finding> findings, boolean none) {
        return none || findings.stream().anyMatch(f -> !f.wrong().isEmpty()) ? "fail" : "pass";
    }
}
