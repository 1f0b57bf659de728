package org.nebulaha.oned.model;

import java.util.List;
import org.nebulaha.oned.xmlrpc.OneXml;
import org.w3c.dom.Element;

/**
 * A datastore (4.2 datastore.xsd). TYPE 0 images, 1 system, 2 files. DS_MAD {@code fs} copies an
 * image's PATH into BASE_PATH, {@code dummy} only records it; TM_MAD names the transfer driver.
 */
public final class Datastore extends PoolObject {
    public static final int IMAGE_DS = 0, SYSTEM_DS = 1, FILE_DS = 2;
    public static final List<String> TYPES = List.of("IMAGE_DS", "SYSTEM_DS", "FILE_DS");

    public String dsMad = "";
    public String tmMad = "";
    public String basePath = "";
    public int type;
    public long totalMb;
    public long freeMb;
    public long usedMb;

    /** The document; {@code images}: ids of the images it holds (kept by the image pool). */
    public String toXml(List<Integer> images) {
        StringBuilder sb = open("DATASTORE");
        el(sb, "DS_MAD", dsMad); el(sb, "TM_MAD", tmMad); el(sb, "BASE_PATH", basePath); el(sb, "TYPE", type); el(sb, "DISK_TYPE", 0);
        el(sb, "CLUSTER_ID", -1); el(sb, "CLUSTER", ""); el(sb, "TOTAL_MB", totalMb); el(sb, "FREE_MB", freeMb); el(sb, "USED_MB", usedMb);
        sb.append("<IMAGES>");
        for (int i : images) el(sb, "ID", i);
        sb.append("</IMAGES>");
        return sb.append(template.toXml()).append("</DATASTORE>").toString();
    }

    @Override
    public String toXml() {
        return toXml(List.of());
    }

    public static Datastore fromXml(String xml) {
        Element e = parse(xml);
        Datastore d = new Datastore();
        d.readCommon(e);
        d.dsMad = OneXml.text(e, "DS_MAD");
        d.tmMad = OneXml.text(e, "TM_MAD");
        d.basePath = OneXml.text(e, "BASE_PATH");
        d.type = OneXml.num(e, "TYPE");
        d.totalMb = OneXml.lng(e, "TOTAL_MB");
        d.freeMb = OneXml.lng(e, "FREE_MB");
        d.usedMb = OneXml.lng(e, "USED_MB");
        return d;
    }

    @Override
    public Datastore copy() {
        return fromXml(toXml());
    }
}
