package org.nebulaha.oned.model;

import org.nebulaha.oned.xmlrpc.OneXml;
import org.w3c.dom.Element;

/** A VM template (4.2 vmtemplate.xsd): the body a VM is instantiated from. */
public final class VmTemplate extends PoolObject {
    public long regtime;

    @Override
    public String toXml() {
        StringBuilder sb = open("VMTEMPLATE");
        el(sb, "REGTIME", regtime);
        return sb.append(template.toXml()).append("</VMTEMPLATE>").toString();
    }

    public static VmTemplate fromXml(String xml) {
        Element e = parse(xml);
        VmTemplate t = new VmTemplate();
        t.readCommon(e);
        t.regtime = OneXml.lng(e, "REGTIME");
        return t;
    }

    @Override
    public VmTemplate copy() {
        return fromXml(toXml());
    }
}
