package org.nebulaha.oned.api;

import java.util.List;
import java.util.Map;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.catalog.Catalog;
import org.nebulaha.oned.lifecycle.Core;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.User;
import org.nebulaha.oned.model.VmTemplate;

/**
 * one.template.* and one.templatepool.info (4.2 vmtemplate.xsd). instantiate makes a VM from the
 * template's body through the core's allocation (so its DISKs and NICs take images and leases),
 * owned by the caller, named as given (empty: one-ID), with TEMPLATE_ID and TEMPLATE_NAME set.
 */
final class TemplateMethods extends PoolMethods<VmTemplate> {
    private final Core core;

    TemplateMethods(Catalog catalog, AccessApi access, Core core) {
        super(catalog.templates, access, "TEMPLATE");
        this.core = core;
    }

    @Override
    public Map<String, String[]> signatures() {
        return Map.ofEntries(
                Map.entry("one.template.allocate", new String[] {"TemplateAllocate", "s"}),
                Map.entry("one.template.delete", new String[] {"TemplateDelete", "i"}),
                Map.entry("one.template.info", new String[] {"TemplateInfo", "i"}),
                Map.entry("one.template.update", new String[] {"TemplateUpdateTemplate", "is"}),
                Map.entry("one.template.clone", new String[] {"VMTemplateClone", "is"}),
                Map.entry("one.template.instantiate", new String[] {"TemplateInstantiate", "is?b?s"}),
                Map.entry("one.template.chown", new String[] {"TemplateChown", "iii"}),
                Map.entry("one.template.chmod", new String[] {"TemplateChmod", "iiiiiiiiii"}),
                Map.entry("one.template.rename", new String[] {"TemplateRename", "is"}),
                Map.entry("one.templatepool.info", new String[] {"TemplatePoolInfo", "?i?i?i"}));
    }

    /** Any user may create templates (4.2's default ACL); the rest by the template's permissions. */
    @Override
    void authorize(User u, VmTemplate t, String op) throws OneError {
        byPermissions(u, t, op);
    }

    @Override
    String document(VmTemplate t, boolean extended) {
        return t.toXml();
    }

    @Override
    String poolRoot() {
        return "VMTEMPLATE_POOL";
    }

    @Override
    public Object call(String m, List<Object> a, User u) throws OneError {
        switch (m) {
            case "one.template.allocate": return allocate(u, parse((String) a.get(0)), null);
            case "one.template.clone": {
                VmTemplate src = get(u, i(a, 0), "USE");
                return allocate(u, src.template, (String) a.get(1));
            }
            case "one.template.delete":
                synchronized (store.lock()) {
                    get(u, i(a, 0), "MANAGE");
                    store.remove(i(a, 0));
                }
                return i(a, 0);
            case "one.template.instantiate": return instantiate(u, i(a, 0), (String) a.get(1), a.size() > 2 && (Boolean) a.get(2),
                    a.size() > 3 ? (String) a.get(3) : "");
            case "one.templatepool.info": return pool(u, a);
            default: return common("one.template", m, a, u);
        }
    }

    /** A new template from {@code t}; {@code name} null: the template's NAME (taken out of the body, as 4.2). */
    private int allocate(User u, Template t, String name) throws OneError {
        authorize(u, null, "CREATE");
        synchronized (store.lock()) {
            String n = name != null ? name : t.get("NAME").orElse("");
            checkName(n, u.id(), -1);
            VmTemplate v = new VmTemplate();
            v.id = store.nextId();
            v.name = n.strip();
            v.uid = u.id();
            v.uname = u.name();
            v.gid = u.gid();
            v.gname = access.groupName(u.gid());
            v.regtime = System.currentTimeMillis() / 1000;
            v.template = t.without("NAME");
            store.put(v);
            return v.id;
        }
    }

    private int instantiate(User u, int id, String name, boolean hold, String extra) throws OneError {
        VmTemplate src = get(u, id, "USE");
        Template t = src.template.without("NAME").without("TEMPLATE_NAME").without("TEMPLATE_ID");
        if (!extra.isBlank()) t = t.merge(parse(extra));
        t = t.with("TEMPLATE_NAME", src.name).with("TEMPLATE_ID", String.valueOf(src.id));
        if (!name.isBlank()) t = t.with("NAME", name.strip());
        return access.allocateVm(u, t.toXml(), hold); // the VM quotas apply as to one.vm.allocate
    }
}
