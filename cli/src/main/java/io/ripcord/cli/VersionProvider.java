package io.ripcord.cli;

import io.ripcord.RipcordVersion;
import picocli.CommandLine;

/** {@code ripcord --version}: Ripcord's version (from the build), Groovy's and the JVM's. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{
                "ripcord " + RipcordVersion.get(),
                "groovy " + groovy.lang.GroovySystem.getVersion() + ", java " + Runtime.version()
                        + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
