package org.nebulaha.sunstone.web;

import static org.nebulaha.sunstone.web.Html.badge;
import static org.nebulaha.sunstone.web.Html.esc;
import static org.nebulaha.sunstone.web.Html.time;

import java.util.List;
import org.nebulaha.sunstone.model.CatalogRows.ImageRow;
import org.nebulaha.sunstone.model.CatalogRows.LeaseRow;
import org.nebulaha.sunstone.model.CatalogRows.TemplateRow;
import org.nebulaha.sunstone.model.CatalogRows.VnetRow;

/** The templates (with an instantiate form per template), images and virtual networks pages. */
final class CatalogPages {
    private CatalogPages() {}

    static String templates(List<TemplateRow> templates, String csrf, String flash, String error) {
        StringBuilder sb = new StringBuilder("<h1>Templates</h1>");
        notices(sb, flash, error);
        sb.append("<table id=\"template-list\"><tr><th>ID</th><th>Name</th><th>Owner</th><th>CPU</th><th>Memory</th><th>Registered</th><th>Instantiate</th></tr>");
        for (TemplateRow t : templates)
            sb.append("<tr><td>").append(t.id()).append("</td><td>").append(esc(t.name())).append("</td><td>").append(esc(t.owner())).append("</td><td>")
                    .append(esc(t.cpu())).append("</td><td>").append(esc(t.memoryMb().isEmpty() ? "" : t.memoryMb() + " MB")).append("</td><td>")
                    .append(time(t.regtime())).append("</td><td><form method=\"post\" action=\"/templates/").append(t.id())
                    .append("/instantiate\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf))
                    .append("\"><input type=\"text\" name=\"name\" placeholder=\"VM name (optional)\" id=\"instantiate-name-").append(t.id())
                    .append("\"><button type=\"submit\" class=\"act\" id=\"instantiate-").append(t.id()).append("\">Instantiate</button></form></td></tr>");
        if (templates.isEmpty()) sb.append("<tr><td colspan=\"7\">No templates.</td></tr>");
        return sb.append("</table>").toString();
    }

    static String images(List<ImageRow> images) {
        StringBuilder sb = new StringBuilder("<h1>Images</h1><table id=\"image-list\"><tr><th>ID</th><th>Name</th><th>Owner</th><th>Datastore</th>"
                + "<th>Type</th><th>Size</th><th>Persistent</th><th>State</th><th>Running VMs</th></tr>");
        for (ImageRow i : images)
            sb.append("<tr><td>").append(i.id()).append("</td><td>").append(esc(i.name())).append("</td><td>").append(esc(i.owner())).append("</td><td>")
                    .append(esc(i.datastore())).append("</td><td>").append(esc(i.type())).append("</td><td>").append(i.sizeMb()).append(" MB</td><td>")
                    .append(i.persistent() ? "yes" : "no").append("</td><td>").append(badge(i.state(), imageKind(i.state()))).append("</td><td>")
                    .append(i.runningVms()).append("</td></tr>");
        if (images.isEmpty()) sb.append("<tr><td colspan=\"9\">No images.</td></tr>");
        return sb.append("</table>").toString();
    }

    static String imageKind(String state) {
        switch (state) {
            case "READY": case "USED": case "USED_PERS": return "ok";
            case "ERROR": return "bad";
            case "DISABLED": return "off";
            default: return "warn";
        }
    }

    static String vnets(List<VnetRow> nets) {
        StringBuilder sb = new StringBuilder("<h1>Virtual Networks</h1><table id=\"vnet-list\"><tr><th>ID</th><th>Name</th><th>Owner</th><th>Type</th>"
                + "<th>Bridge</th><th>Range</th><th>Used leases</th></tr>");
        for (VnetRow n : nets)
            sb.append("<tr><td>").append(n.id()).append("</td><td>").append(esc(n.name())).append("</td><td>").append(esc(n.owner())).append("</td><td>")
                    .append(esc(n.type())).append("</td><td>").append(esc(n.bridge())).append("</td><td>").append(esc(n.range())).append("</td><td>")
                    .append(n.usedLeases()).append("</td></tr>");
        if (nets.isEmpty()) sb.append("<tr><td colspan=\"7\">No virtual networks.</td></tr>");
        sb.append("</table>");
        for (VnetRow n : nets) {
            sb.append("<h2>Leases of ").append(esc(n.name())).append("</h2><table id=\"leases-").append(n.id())
                    .append("\"><tr><th>IP</th><th>MAC</th><th>State</th><th>VM</th></tr>");
            for (LeaseRow l : n.leases())
                sb.append("<tr><td>").append(esc(l.ip())).append("</td><td>").append(esc(l.mac())).append("</td><td>")
                        .append(!l.used() ? badge("free", "off") : l.vid() < 0 ? badge("on hold", "warn") : badge("used", "ok")).append("</td><td>")
                        .append(l.vid() < 0 ? "-" : "<a href=\"/vms/" + l.vid() + "\">" + l.vid() + "</a>").append("</td></tr>");
            if (n.leases().isEmpty()) sb.append("<tr><td colspan=\"4\">No lease in use.</td></tr>");
            sb.append("</table>");
        }
        return sb.toString();
    }

    private static void notices(StringBuilder sb, String flash, String error) {
        if (flash != null) sb.append("<div class=\"notice\" id=\"flash\">").append(esc(flash)).append("</div>");
        if (error != null) sb.append("<div class=\"error\" id=\"error\">").append(esc(error)).append("</div>");
    }
}
