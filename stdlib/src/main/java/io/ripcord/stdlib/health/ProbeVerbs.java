package io.ripcord.stdlib.health;

import io.ripcord.units.ByteSize;
import io.ripcord.units.Percent;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.net.URI;

/** What {@code healthCheck} probes: values, usable anywhere, touching nothing until the check runs. */
public final class ProbeVerbs {

    private ProbeVerbs() {
    }

    public static final class Http implements ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("http")
                .summary("An HTTP endpoint for healthCheck: a GET, healthy on 2xx unless status: says otherwise.")
                .positional("url").required("url", ArgType.STRING, "http:// or https:// URL")
                .returns(HttpProbe.class, "the probe, for healthCheck").example("healthCheck http('http://127.0.0.1:8080/health'), json: [status: 'pass']").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public Object value(VerbCall call, VerbContext context) throws VerbFailure {
            String url = call.string("url", "");
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new VerbFailure("'" + url + "' is not a URL: " + e.getMessage(), "write it as http://host:port/path");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new VerbFailure("'" + url + "' is not an http:// or https:// URL with a host", "write it as http://host:port/path");
            }
            return new HttpProbe(uri);
        }
    }

    public static final class Tcp implements ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("tcp")
                .summary("A TCP port for healthCheck: healthy when a connection is accepted.")
                .positional("host", "port").required("host", ArgType.STRING, "host name or address")
                .required("port", ArgType.INTEGER, "port number")
                .returns(TcpProbe.class, "the probe, for healthCheck").example("healthCheck tcp('127.0.0.1', 5432), retries: 5").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public Object value(VerbCall call, VerbContext context) throws VerbFailure {
            long port = call.integer("port", 0);
            if (port < 1 || port > 65535) {
                throw new VerbFailure("port " + port + " is not between 1 and 65535");
            }
            return new TcpProbe(call.string("host", ""), (int) port);
        }
    }

    public static final class Command implements ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("command")
                .summary("A command for healthCheck: healthy when it exits 0 (it is killed at the attempt's timeout).")
                .positional("command").required("command", ArgType.COMMAND, "a string, run by /bin/sh -c, or a list of words, run as is")
                .returns(CommandProbe.class, "the probe, for healthCheck").example("healthCheck command('pg_isready -q -h 127.0.0.1'), retries: 10").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public Object value(VerbCall call, VerbContext context) {
            return new CommandProbe(call.value("command"));
        }
    }

    public static final class Disk implements ValueVerb {
        private static final VerbSpec SPEC = VerbSpec.named("disk")
                .summary("A file system for healthCheck: healthy while used and free space are within bounds.")
                .positional("path").required("path", ArgType.STRING, "any path on the file system to check")
                .optional("maxUsed", ArgType.PERCENT, "90.percent", "the most of the file system that may be used")
                .optional("minFree", ArgType.SIZE, null, "the least space that must be available")
                .returns(DiskProbe.class, "the probe, for healthCheck").example("healthCheck disk('/var/lib/app', maxUsed: 90.percent)").build();

        @Override public VerbSpec spec() { return SPEC; }

        @Override
        public Object value(VerbCall call, VerbContext context) {
            Object maxUsed = call.value("maxUsed");
            return new DiskProbe(context.workingDirectory().resolve(call.string("path", ".")).toAbsolutePath().normalize(),
                    maxUsed == null ? Percent.of(90) : (Percent) maxUsed, (ByteSize) call.value("minFree"));
        }
    }
}
