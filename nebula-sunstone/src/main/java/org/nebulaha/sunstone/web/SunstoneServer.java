package org.nebulaha.sunstone.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nebulaha.common.http.BoundedHttpServer;
import org.nebulaha.common.http.ExchangeHandler;
import org.nebulaha.sunstone.io.ClusterTools;
import org.nebulaha.sunstone.io.OneApi;
import org.nebulaha.sunstone.io.SessionStore;
import org.nebulaha.sunstone.model.ClusterView;
import org.nebulaha.sunstone.model.Dashboard;
import org.nebulaha.sunstone.model.HostRow;
import org.nebulaha.sunstone.model.VmRow;

/**
 * Sunstone's HTTP server: the pages are written for the JDK's {@code com.sun.net.httpserver}
 * exchange API, served by a {@link BoundedHttpServer} (Jetty; timeouts, bounded threads and
 * connections, {@link #MAX_BODY}) through {@link ExchangeHandler}. Login against oned,
 * dashboard, VMs (actions, recover), hosts, and the cluster panel; live parts are fragments under
 * {@code /panel/} that the page polls. Every POST carries a token derived from the session
 * cookie. A request that fails in any way gets an error page; the server keeps running.
 */
public final class SunstoneServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("sunstone");
    private static final String COOKIE = "sunstone";
    /** A larger request body is refused (413) before any page code sees it; forms are far smaller. */
    static final int MAX_BODY = 1024 * 1024;

    private final SunstoneConf conf;
    private final OneApi api;
    private final SessionStore sessions;
    private final ClusterTools tools;
    private final BoundedHttpServer http;

    /** Thrown by handlers to answer with a status and a page. */
    private static final class Answer extends Exception {
        final int status;
        final String location;

        Answer(int status, String body, String location) {
            super(body, null, false, false);
            this.status = status;
            this.location = location;
        }
    }

    public SunstoneServer(SunstoneConf conf) throws IOException {
        this.conf = conf;
        this.api = new OneApi(conf.oned(), Duration.ofSeconds(20));
        this.sessions = new SessionStore(conf.sessions(), conf.key(), conf.sessionLifetime(), Clock.systemUTC());
        this.tools = new ClusterTools(conf.toolsPath());
        this.http = new BoundedHttpServer("sunstone", conf.host(), conf.port(), BoundedHttpServer.Limits.of(8, MAX_BODY), new ExchangeHandler(this::handle) {
            @Override
            public BoundedHttpServer.Reply tooLarge(BoundedHttpServer.Call call, int limit) {
                return BoundedHttpServer.Reply.of(413, "text/html; charset=utf-8", Html.page("Too large", "", null, "",
                        "<div class=\"error\">The request is larger than " + limit + " bytes; Sunstone's forms are far smaller.</div>")
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    public SunstoneServer start() throws IOException {
        http.start();
        LOG.log(System.Logger.Level.INFO, "sunstone: listening on http://" + conf.host() + ":" + port() + "/ (oned " + conf.oned() + ", sessions "
                + conf.sessions() + ", key " + conf.key() + ")");
        return this;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                route(ex, method, path);
            } catch (Answer a) {
                if (a.location != null) ex.getResponseHeaders().set("Location", a.location);
                send(ex, a.status, a.getMessage() == null ? "" : a.getMessage(), "text/html; charset=utf-8");
            } catch (RuntimeException | IOException e) {
                LOG.log(System.Logger.Level.ERROR, "sunstone: " + method + " " + path + " failed: " + e, e);
                send(ex, 500, Html.page("Error", "", null, "", "<div class=\"error\">Sunstone could not answer " + Html.esc(path) + ": "
                        + Html.esc(e.toString()) + "</div><p><a href=\"/\">Dashboard</a></p>"), "text/html; charset=utf-8");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "sunstone: client went away: " + e.getMessage());
        }
    }

    private void route(HttpExchange ex, String method, String path) throws Answer, IOException {
        if (path.equals("/static/style.css")) {
            resource(ex, "style.css", "text/css; charset=utf-8");
            return;
        }
        if (path.equals("/static/app.js")) {
            resource(ex, "app.js", "application/javascript; charset=utf-8");
            return;
        }
        String cookie = cookie(ex);
        if (path.equals("/login")) {
            if (method.equals("POST")) login(ex);
            else loginPage(ex, cookie);
            return;
        }
        SessionStore.Found found = sessions.find(cookie);
        if (found.check() != SessionStore.Check.VALID) {
            if (path.startsWith("/panel/")) throw new Answer(401, "log in again", null);
            throw new Answer(303, "", "/login" + (found.check() == SessionStore.Check.NO_COOKIE ? "" : "?why=" + found.check().name().toLowerCase()));
        }
        SessionStore.Session s = found.session();
        String csrf = csrf(cookie);
        if (method.equals("POST")) {
            Map<String, String> form = form(ex);
            if (!csrf.equals(form.get("csrf"))) throw new Answer(403, Html.page("Refused", "", s.user(), csrf,
                    "<div class=\"error\">This form is out of date or came from another site; go back and try again.</div>"), null);
            post(ex, s, path, form);
            return;
        }
        if (!method.equals("GET")) throw new Answer(405, "method not allowed", null);
        Map<String, String> q = query(ex);
        String body;
        String current;
        String title;
        String[] parts = path.split("/");
        if (path.equals("/")) {
            title = "Dashboard";
            current = "dashboard";
            body = "<h1>Dashboard</h1><div id=\"dashboard\" data-poll=\"/panel/dashboard\" data-every=\"5\">" + dashboardPanel(s) + "</div>";
        } else if (path.equals("/panel/dashboard")) {
            send(ex, 200, dashboardPanel(s), "text/html; charset=utf-8");
            return;
        } else if (path.equals("/panel/cluster")) {
            send(ex, 200, clusterPanel(s), "text/html; charset=utf-8");
            return;
        } else if (path.equals("/vms")) {
            title = "VMs";
            current = "vms";
            body = Pages.vmList(oned(s, () -> api.vms(s.oneSession())));
        } else if (parts.length == 3 && parts[1].equals("vms")) {
            int id = id(parts[2]);
            VmRow v = oned(s, () -> api.vm(s.oneSession(), id));
            title = "VM " + id;
            current = "vms";
            body = Pages.vmDetail(v, v.schedMessage(), csrf, q.get("msg"), q.get("err"));
        } else if (path.equals("/hosts")) {
            title = "Hosts";
            current = "hosts";
            body = Pages.hostList(oned(s, () -> api.hosts(s.oneSession())));
        } else if (parts.length == 3 && parts[1].equals("hosts")) {
            int id = id(parts[2]);
            HostRow h = oned(s, () -> api.host(s.oneSession(), id));
            List<VmRow> on = new ArrayList<>();
            for (VmRow v : oned(s, () -> api.vms(s.oneSession()))) if (h.vms().contains(v.id())) on.add(v);
            title = "Host " + h.name();
            current = "hosts";
            body = Pages.hostDetail(h, on, csrf, q.get("msg"), q.get("err"));
        } else if (path.equals("/templates")) {
            title = "Templates";
            current = "templates";
            body = CatalogPages.templates(oned(s, () -> api.templates(s.oneSession())), csrf, q.get("msg"), q.get("err"));
        } else if (path.equals("/images")) {
            title = "Images";
            current = "images";
            body = CatalogPages.images(oned(s, () -> api.images(s.oneSession())));
        } else if (path.equals("/vnets")) {
            title = "Virtual Networks";
            current = "vnets";
            body = CatalogPages.vnets(oned(s, () -> api.vnets(s.oneSession())));
        } else if (path.equals("/cluster")) {
            title = "Cluster";
            current = "cluster";
            body = "<h1>Cluster</h1><div id=\"cluster\" data-poll=\"/panel/cluster\" data-every=\"3\">" + clusterPanel(s) + "</div>";
        } else {
            throw new Answer(404, Html.page("Not found", "", s.user(), csrf, "<div class=\"error\">No page " + Html.esc(path) + ".</div>"), null);
        }
        send(ex, 200, Html.page(title, current, s.user(), csrf, body), "text/html; charset=utf-8");
    }

    private void post(HttpExchange ex, SessionStore.Session s, String path, Map<String, String> form) throws Answer, IOException {
        String[] parts = path.split("/");
        if (path.equals("/logout")) {
            sessions.remove(s.id());
            ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
            LOG.log(System.Logger.Level.INFO, "sunstone: " + s.user() + " logged out");
            throw new Answer(303, "", "/login");
        }
        if (parts.length == 4 && parts[1].equals("vms")) {
            int id = id(parts[2]);
            String back = "/vms/" + id;
            try {
                if (parts[3].equals("action")) {
                    String action = form.getOrDefault("action", "");
                    api.action(s.oneSession(), action, id);
                    LOG.log(System.Logger.Level.INFO, "sunstone: " + s.user() + ": " + action + " VM " + id + ": accepted");
                    throw new Answer(303, "", back + "?msg=" + enc(action + " sent to VM " + id));
                }
                if (parts[3].equals("recover")) {
                    int op = id(form.getOrDefault("op", ""));
                    if (!"yes".equals(form.get("checked")))
                        throw new Answer(303, "", back + "?err=" + enc("Confirm that you checked the VM on its host before recovering it."));
                    VmRow before = api.vm(s.oneSession(), id);
                    api.recover(s.oneSession(), id, op);
                    LOG.log(System.Logger.Level.INFO, "sunstone: " + s.user() + ": recover VM " + id + " op " + op + " from " + before.longState() + ": accepted");
                    throw new Answer(303, "", back + "?msg=" + enc("Recover sent: VM " + id + " was " + before.longState() + "."));
                }
            } catch (OneApi.Refused e) {
                if (e.code == OneApi.AUTHENTICATION) dropSession(s);
                LOG.log(System.Logger.Level.INFO, "sunstone: " + s.user() + ": " + path + " refused by oned: " + e.getMessage());
                throw new Answer(303, "", back + "?err=" + enc(e.getMessage()));
            } catch (IOException e) {
                throw new Answer(303, "", back + "?err=" + enc(onedDown(e)));
            }
        }
        if (parts.length == 4 && parts[1].equals("templates") && parts[3].equals("instantiate")) {
            int id = id(parts[2]);
            String name = form.getOrDefault("name", "").strip();
            try {
                int vm = api.instantiate(s.oneSession(), id, name);
                LOG.log(System.Logger.Level.INFO, "sunstone: " + s.user() + ": instantiate template " + id + ": VM " + vm);
                throw new Answer(303, "", "/vms/" + vm + "?msg=" + enc("VM " + vm + " created from template " + id + "."));
            } catch (OneApi.Refused e) {
                if (e.code == OneApi.AUTHENTICATION) dropSession(s);
                throw new Answer(303, "", "/templates?err=" + enc(e.getMessage()));
            } catch (IOException e) {
                throw new Answer(303, "", "/templates?err=" + enc(onedDown(e)));
            }
        }
        if (parts.length == 4 && parts[1].equals("hosts") && parts[3].equals("enable")) {
            int id = id(parts[2]);
            boolean enable = "true".equals(form.get("enable"));
            try {
                api.hostEnable(s.oneSession(), id, enable);
                throw new Answer(303, "", "/hosts/" + id + "?msg=" + enc((enable ? "enabled" : "disabled") + " host " + id));
            } catch (OneApi.Refused e) {
                throw new Answer(303, "", "/hosts/" + id + "?err=" + enc(e.getMessage()));
            } catch (IOException e) {
                throw new Answer(303, "", "/hosts/" + id + "?err=" + enc(onedDown(e)));
            }
        }
        throw new Answer(404, "no such action", null);
    }

    private void dropSession(SessionStore.Session s) {
        try {
            sessions.remove(s.id());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "sunstone: cannot drop the session of " + s.user() + ": " + e.getMessage());
        }
    }

    private String onedDown(IOException e) {
        return "oned at " + conf.oned() + " does not answer (" + (e.getMessage() == null ? e : e.getMessage())
                + "). During a fail-over this lasts until OpenNebula runs on the other node; reload then.";
    }

    private interface OnedCall<T> {
        T get() throws IOException, OneApi.Refused;
    }

    /** Runs an oned call for a page: a dead password ends the session, an unreachable oned becomes a page that says so. */
    private <T> T oned(SessionStore.Session s, OnedCall<T> call) throws Answer {
        try {
            return call.get();
        } catch (OneApi.Refused e) {
            if (e.code == OneApi.AUTHENTICATION) {
                dropSession(s);
                throw new Answer(303, "", "/login?why=refused");
            }
            throw new Answer(404, Html.page("Error", "", s.user(), "", "<div class=\"error\" id=\"error\">" + Html.esc(e.getMessage())
                    + "</div><p><a href=\"/\">Dashboard</a></p>"), null);
        } catch (IOException e) {
            throw new Answer(503, Html.page("oned unreachable", "", s.user(), "", "<div class=\"error\" id=\"error\">" + Html.esc(onedDown(e))
                    + "</div><p><a href=\"\">Reload</a></p>"), null);
        }
    }

    private String dashboardPanel(SessionStore.Session s) throws Answer {
        List<VmRow> vms = oned(s, () -> api.vms(s.oneSession()));
        List<HostRow> hosts = oned(s, () -> api.hosts(s.oneSession()));
        List<VmRow> stuck = vms.stream().filter(VmRow::isStuckCandidate).toList();
        return Pages.dashboardPanel(Dashboard.of(vms, hosts), stuck, Pages.clusterLine(tools.read()), now());
    }

    private String clusterPanel(SessionStore.Session s) {
        ClusterView c = tools.read();
        List<VmRow> stuck = List.of();
        String problem = null;
        try {
            stuck = api.vms(s.oneSession()).stream().filter(VmRow::isStuckCandidate).toList();
        } catch (IOException e) {
            problem = onedDown(e);
        } catch (OneApi.Refused e) {
            problem = "oned refused: " + e.getMessage();
        }
        return Pages.clusterPanel(c, stuck, problem, now());
    }

    private static String now() {
        return LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
    }

    private void loginPage(HttpExchange ex, String cookie) throws IOException, Answer {
        SessionStore.Found f = sessions.find(cookie);
        if (f.check() == SessionStore.Check.VALID) throw new Answer(303, "", "/");
        Map<String, String> q = query(ex);
        String why = q.get("why");
        String note = null;
        if ("unknown".equals(why) || f.check() == SessionStore.Check.UNKNOWN)
            note = "This Sunstone does not know your session (it may have moved to another node); please log in again.";
        else if ("expired".equals(why) || f.check() == SessionStore.Check.EXPIRED || q.containsKey("expired")) note = "Your session has ended; please log in again.";
        else if ("bad_signature".equals(why) || f.check() == SessionStore.Check.BAD_SIGNATURE) note = "Your session cookie is not valid here; please log in again.";
        else if ("refused".equals(why)) note = "oned no longer accepts your password; please log in again.";
        send(ex, 200, Html.page("Log in", "", null, "", Pages.login(note, null, null)), "text/html; charset=utf-8");
    }

    private void login(HttpExchange ex) throws IOException, Answer {
        Map<String, String> form = form(ex);
        String user = form.getOrDefault("user", "").strip();
        String password = form.getOrDefault("password", "");
        String peer = ex.getRemoteAddress().getAddress().getHostAddress();
        if (user.isEmpty() || password.isEmpty() || user.contains(":"))
            throw new Answer(400, Html.page("Log in", "", null, "", Pages.login(null, "Give a user name (without ':') and a password.", user)), null);
        try {
            api.login(user + ":" + password);
        } catch (OneApi.Refused e) {
            LOG.log(System.Logger.Level.INFO, "sunstone: login of '" + user + "' from " + peer + " refused by oned: " + e.getMessage());
            String msg = e.code == OneApi.AUTHENTICATION ? "Wrong user name or password." : "oned refused the login: " + e.getMessage();
            throw new Answer(401, Html.page("Log in", "", null, "", Pages.login(null, msg, user)), null);
        } catch (IOException e) {
            throw new Answer(503, Html.page("Log in", "", null, "", Pages.login(null, onedDown(e), user)), null);
        }
        String cookie = sessions.create(user, password);
        LOG.log(System.Logger.Level.INFO, "sunstone: " + user + " logged in from " + peer);
        ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + cookie + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + conf.sessionLifetime().toSeconds());
        throw new Answer(303, "", "/");
    }

    private static int id(String s) throws Answer {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new Answer(400, "<p>'" + Html.esc(s) + "' is not a number</p>", null);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String csrf(String cookie) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("csrf:" + cookie).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cookie(HttpExchange ex) {
        for (String h : ex.getRequestHeaders().getOrDefault("Cookie", List.of()))
            for (String part : h.split(";")) {
                String p = part.strip();
                if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
            }
        return null;
    }

    private static Map<String, String> query(HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        return q == null ? Map.of() : decode(q);
    }

    private static Map<String, String> form(HttpExchange ex) throws IOException, Answer {
        byte[] body = ex.getRequestBody().readNBytes(65537);
        if (body.length > 65536) throw new Answer(413, "form too large", null);
        return decode(new String(body, StandardCharsets.UTF_8));
    }

    private static Map<String, String> decode(String s) {
        Map<String, String> m = new HashMap<>();
        for (String kv : s.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                m.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: the field is ignored, the form is judged without it
            }
        }
        return m;
    }

    private void resource(HttpExchange ex, String name, String type) throws IOException, Answer {
        try (InputStream in = SunstoneServer.class.getResourceAsStream(name)) {
            if (in == null) throw new Answer(404, "missing resource " + name, null);
            ex.getResponseHeaders().set("Cache-Control", "max-age=300");
            send(ex, 200, new String(in.readAllBytes(), StandardCharsets.UTF_8), type);
        }
    }

    private static void send(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if (!type.startsWith("text/css") && !type.startsWith("application/javascript")) ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }
}
