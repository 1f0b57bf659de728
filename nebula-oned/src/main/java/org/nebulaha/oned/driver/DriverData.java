package org.nebulaha.oned.driver;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.nebulaha.oned.xmlrpc.XmlRpcCodec;

/**
 * The body of a VMM driver message: base64 of {@code <VMM_DRIVER_ACTION_DATA>} with HOST,
 * MIGR_HOST, DEPLOY_ID, DISK_ID (hot-plug) and the VM document, as OpenNebula's
 * {@code VirtualMachineManager::format_message} sends it.
 */
public record DriverData(String host, String migrHost, String deployId, int diskId, String vmXml) {

    public String encode() {
        String xml = "<VMM_DRIVER_ACTION_DATA><HOST>" + XmlRpcCodec.escape(host) + "</HOST><MIGR_HOST>"
                + XmlRpcCodec.escape(migrHost) + "</MIGR_HOST><DEPLOY_ID>" + XmlRpcCodec.escape(deployId)
                + "</DEPLOY_ID><DISK_ID>" + diskId + "</DISK_ID>" + vmXml + "</VMM_DRIVER_ACTION_DATA>";
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    public static DriverData decode(String base64) {
        String xml = new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
        Map<String, String> top = new HashMap<>();
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
            r.nextTag();
            int depth = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    if (depth == 0 && !r.getLocalName().equals("VM")) {
                        top.put(r.getLocalName(), r.getElementText());
                    } else {
                        depth++;
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT && depth > 0) {
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("bad driver message: " + e.getMessage(), e);
        }
        String disk = top.getOrDefault("DISK_ID", "-1");
        return new DriverData(top.getOrDefault("HOST", ""), top.getOrDefault("MIGR_HOST", ""),
                top.getOrDefault("DEPLOY_ID", ""), disk.isBlank() ? -1 : Integer.parseInt(disk.strip()), "");
    }
}
