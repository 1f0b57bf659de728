package org.nebulaha.conf.ccs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nebulaha.conf.ricci.RicciClient;
import org.nebulaha.conf.ricci.RicciMessages.Var;
import org.nebulaha.conf.xml.XmlElement;

/**
 * {@code ccs -h HOST}: a node's configuration through its ricci. Handles authentication as ccs
 * did: with {@code -p} the password is sent before the first call to each host; without it, a
 * refused call asks for the password on the terminal once, then retries.
 */
public final class RicciTarget implements ConfTarget {
    /** How ccs talks to ricci: one client, one password, shared by every host of one ccs run. */
    public static final class Session {
        private final RicciClient client;
        private String password;
        private final PasswordPrompt prompt;
        private final Set<String> authenticated = new HashSet<>();

        public Session(RicciClient client, PasswordPrompt prompt) {
            this.client = client;
            this.prompt = prompt;
        }

        public RicciClient.Reply call(String host, String function, List<Var> vars) throws CcsException {
            try {
                if (password != null && authenticated.add(host)) authenticate(host);
                RicciClient.Reply r = client.call(host, function, vars);
                if (!r.authenticated()) {
                    if (password == null) {
                        password = prompt.ask(host + " password: ");
                        if (password == null) throw new CcsException("Error: Not yet authenticated with " + host + " (try -p option)");
                    }
                    authenticated.add(host);
                    authenticate(host);
                    r = client.call(host, function, vars);
                    if (!r.authenticated()) throw new CcsException("Error: Not yet authenticated with " + host + " (try -p option)");
                }
                return r;
            } catch (IOException e) {
                throw new CcsException(e.getMessage());
            }
        }

        /** The password given with {@code -p}: sent to each host before its first call. */
        public void usePassword(String pw) {
            this.password = pw;
        }

        private void authenticate(String host) throws IOException, CcsException {
            RicciClient.Reply a = client.authenticate(host, password);
            if (!a.authenticated()) throw new CcsException("Unable to authenticate with ricci node, please check password.");
            if (a.code() != 0)
                throw new CcsException("This node is already authorized, but a bad password was provided. (try not using the '-p' option)");
        }
    }

    /** Reads a password from the terminal; returns null when there is none to ask. */
    public interface PasswordPrompt {
        String ask(String prompt);
    }

    private final Session session;
    private final String host;

    public RicciTarget(Session session, String host) {
        this.session = session;
        this.host = host;
    }

    @Override
    public Optional<XmlElement> read() throws CcsException {
        RicciClient.Reply r = session.call(host, "get_cluster.conf", List.of());
        if (!r.success()) throw new CcsException("Unable to obtain cluster.conf file from remote node " + host + ": " + r.error());
        return r.var("cluster.conf").map(Var::xml);
    }

    @Override
    public void write(XmlElement tree, boolean activate) throws CcsException {
        List<Var> vars = new ArrayList<>();
        if (activate) vars.add(Var.bool("propagate", true));
        vars.add(Var.xml("cluster.conf", tree));
        RicciClient.Reply r = session.call(host, "set_cluster.conf", vars);
        if (!r.success()) throw new CcsException(host + " refused the configuration: " + r.error());
    }

    /** start_node / stop_node; returns null on success, else the reason. */
    public String control(String function) throws CcsException {
        RicciClient.Reply r = session.call(host, function, List.of());
        return r.success() ? null : r.error();
    }

    @Override
    public String describe() {
        return host;
    }
}
