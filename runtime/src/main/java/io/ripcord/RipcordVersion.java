package io.ripcord;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This build's version, from the build itself (a filtered resource), for --version and manifests. */
public final class RipcordVersion {

    private static final String VERSION = read();

    private RipcordVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = RipcordVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
