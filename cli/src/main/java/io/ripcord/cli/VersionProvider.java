package io.ripcord.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code ripcord --version}: Ripcord's version (from the build), Groovy's and the JVM's. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    public static String ripcordVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[]{
                "ripcord " + ripcordVersion(),
                "groovy " + groovy.lang.GroovySystem.getVersion() + ", java " + Runtime.version()
                        + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
