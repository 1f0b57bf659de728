package org.nebulaha.oned.model;

import java.util.List;
import java.util.TreeSet;
import org.nebulaha.oned.xmlrpc.OneXml;
import org.w3c.dom.Element;

/** An image (4.2 image.xsd) with 4.2's types and states. */
public final class Image extends PoolObject {
    public static final List<String> TYPES = List.of("OS", "CDROM", "DATABLOCK", "KERNEL", "RAMDISK", "CONTEXT");
    public static final int OS = 0, CDROM = 1, DATABLOCK = 2, KERNEL = 3, RAMDISK = 4, CONTEXT = 5;
    /** 4.2 ImageState codes 0..8. */
    public static final List<String> STATES = List.of("INIT", "READY", "USED", "DISABLED", "LOCKED", "ERROR", "CLONE", "DELETE", "USED_PERS");
    public static final List<String> SHORT_STATES = List.of("init", "rdy", "used", "disa", "lock", "err", "clon", "dele", "used");
    public static final int INIT = 0, READY = 1, USED = 2, DISABLED = 3, LOCKED = 4, ERROR = 5, USED_PERS = 8;

    public int type;
    public boolean persistent;
    public long regtime;
    public String source = "";
    public String path = "";
    public String fstype = "";
    public long sizeMb;
    public int state = INIT;
    public int datastoreId;
    public String datastore = "";
    /** The VMs holding the image; RUNNING_VMS is their number. */
    public TreeSet<Integer> vms = new TreeSet<>();

    @Override
    public String toXml() {
        StringBuilder sb = open("IMAGE");
        el(sb, "TYPE", type); el(sb, "DISK_TYPE", type == CDROM ? 1 : 0); el(sb, "PERSISTENT", persistent ? 1 : 0); el(sb, "REGTIME", regtime);
        el(sb, "SOURCE", source); el(sb, "PATH", path); el(sb, "FSTYPE", fstype); el(sb, "SIZE", sizeMb); el(sb, "STATE", state);
        el(sb, "RUNNING_VMS", vms.size()); el(sb, "CLONING_OPS", 0); el(sb, "CLONING_ID", -1);
        el(sb, "DATASTORE_ID", datastoreId); el(sb, "DATASTORE", datastore);
        sb.append("<VMS>");
        for (int v : vms) el(sb, "ID", v);
        sb.append("</VMS><CLONES/>");
        return sb.append(template.toXml()).append("</IMAGE>").toString();
    }

    public static Image fromXml(String xml) {
        Element e = parse(xml);
        Image i = new Image();
        i.readCommon(e);
        i.type = OneXml.num(e, "TYPE");
        i.persistent = OneXml.num(e, "PERSISTENT") == 1;
        i.regtime = OneXml.lng(e, "REGTIME");
        i.source = OneXml.text(e, "SOURCE");
        i.path = OneXml.text(e, "PATH");
        i.fstype = OneXml.text(e, "FSTYPE");
        i.sizeMb = OneXml.lng(e, "SIZE");
        i.state = OneXml.num(e, "STATE");
        i.datastoreId = OneXml.num(e, "DATASTORE_ID");
        i.datastore = OneXml.text(e, "DATASTORE");
        Element vms = OneXml.child(e, "VMS");
        if (vms != null) for (Element v : OneXml.children(vms, "ID")) i.vms.add(Integer.parseInt(v.getTextContent().strip()));
        return i;
    }

    @Override
    public Image copy() {
        return fromXml(toXml());
    }
}
