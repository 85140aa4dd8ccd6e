package io.ripcord.stdlib.backup;

import io.ripcord.verb.ArgType;
import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbSpec;

import java.nio.file.Path;

/** {@code sqlite '/app/data/db.sqlite'}, {@code dir '/srv/uploads'}, {@code file '/srv/app/.env'}: targets, usable anywhere. */
public final class TargetVerbs {

    private TargetVerbs() {
    }

    abstract static class TargetVerb implements ValueVerb {
        private final VerbSpec spec;
        private final String kind;

        TargetVerb(String kind, Class<? extends BackupTarget> type, String what, String example) {
            this.kind = kind;
            this.spec = VerbSpec.named(kind).summary("A " + what + " to back up, verify or restore; names nothing, touches nothing.")
                    .positional("path").required("path", ArgType.STRING, "its path; relative paths start at the current directory")
                    .returns(type, "the target, for backup, restore and lastBackup").example(example).build();
        }

        @Override
        public VerbSpec spec() {
            return spec;
        }

        @Override
        public Object value(VerbCall call, VerbContext context) {
            Path path = context.workingDirectory().resolve(call.string("path", ".")).toAbsolutePath().normalize();
            return BackupTarget.of(kind, path);
        }
    }

    public static final class Sqlite extends TargetVerb {
        public Sqlite() {
            super("sqlite", BackupTarget.Sqlite.class, "SQLite database (backed up through SQLite's online backup API, never copied as a file)",
                    "def db = sqlite '/app/data/database.sqlite'");
        }
    }

    public static final class Dir extends TargetVerb {
        public Dir() {
            super("dir", BackupTarget.Dir.class, "directory tree, archived as tar (PAX: long names, symlinks, modes, mtimes)", "def uploads = dir '/srv/app/uploads'");
        }
    }

    public static final class File extends TargetVerb {
        public File() {
            super("file", BackupTarget.File.class, "single file (an env file, a compose file)", "def env = file '/srv/app/.env'");
        }
    }
}
