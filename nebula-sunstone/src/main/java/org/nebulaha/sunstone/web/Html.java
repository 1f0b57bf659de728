package org.nebulaha.sunstone.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Small HTML helpers: escaping, the page frame, badges and bars. */
final class Html {
    private Html() {}

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    static String time(long epochSeconds) {
        return epochSeconds <= 0 ? "-" : TIME.format(Instant.ofEpochSecond(epochSeconds));
    }

    /** The page frame: header with navigation and the user, then {@code body}. */
    static String page(String title, String current, String user, String csrf, String body) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title)).append(" - Sunstone</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head><body>");
        if (user != null) {
            sb.append("<header><span class=\"brand\">Sunstone</span><nav>");
            for (String[] n : new String[][] {{"dashboard", "/", "Dashboard"}, {"vms", "/vms", "VMs"}, {"hosts", "/hosts", "Hosts"}, {"templates", "/templates", "Templates"},
                    {"images", "/images", "Images"}, {"vnets", "/vnets", "Networks"}, {"cluster", "/cluster", "Cluster"}})
                sb.append("<a href=\"").append(n[1]).append("\" id=\"nav-").append(n[0]).append("\"").append(n[0].equals(current) ? " class=\"current\"" : "")
                        .append(">").append(n[2]).append("</a>");
            sb.append("</nav><span class=\"user\"><span id=\"user\">").append(esc(user)).append("</span>")
                    .append("<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf))
                    .append("\"><button type=\"submit\" id=\"logout\">Log out</button></form></span></header>");
        }
        sb.append("<main>").append(body).append("</main><script src=\"/static/app.js\"></script></body></html>");
        return sb.toString();
    }

    static String badge(String text, String kind) {
        return "<span class=\"badge " + kind + "\">" + esc(text) + "</span>";
    }

    static String bar(long part, long whole) {
        int pct = org.nebulaha.sunstone.model.Dashboard.percent(part, whole);
        return "<div class=\"bar" + (pct >= 85 ? " high" : "") + "\"><div style=\"width:" + Math.min(100, pct) + "%\"></div></div>";
    }

    static String mb(long kb) {
        return kb >= 1024L * 1024 * 10 ? (kb / (1024 * 1024)) + " GB" : (kb / 1024) + " MB";
    }

    static String cpu(long pct) {
        return pct % 100 == 0 ? Long.toString(pct / 100) : String.format(java.util.Locale.ROOT, "%.2f", pct / 100.0);
    }

    static String vmStateKind(String shortState) {
        switch (shortState) {
            case "runn": return "ok";
            case "pend": case "hold": return "warn";
            case "fail": case "unkn": return "bad";
            case "stop": case "susp": case "poff": case "unde": case "done": return "off";
            default: return "warn"; // transient: prol, boot, migr, save, epil, shut, clea, hotp, snap
        }
    }
}
