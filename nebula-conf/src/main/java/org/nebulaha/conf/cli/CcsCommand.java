package org.nebulaha.conf.cli;

import java.io.Console;
import java.nio.file.Path;
import java.util.List;
import org.nebulaha.common.HostResolver;
import org.nebulaha.conf.ccs.Ccs;
import org.nebulaha.conf.ccs.RicciTarget;
import org.nebulaha.conf.ricci.RicciClient;

/** The {@code ccs} command. Client files (certificate, known ricci certificates) live in {@code $HOME/.ccs}. */
public final class CcsCommand {
    private CcsCommand() {}

    public static void main(String[] args) {
        String home = System.getenv("HOME");
        Path ccsDir = Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".ccs");
        RicciClient client = new RicciClient(ccsDir, HostResolver.system());
        RicciTarget.Session session = new RicciTarget.Session(client, prompt -> {
            Console c = System.console();
            if (c == null) return null;
            char[] p = c.readPassword("%s", prompt);
            return p == null ? null : new String(p);
        });
        int rc = new Ccs(System.out, System.err, session).run(List.of(args));
        System.out.flush();
        System.exit(rc);
    }
}
