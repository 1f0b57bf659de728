package org.nebulaha.oned.lifecycle;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nebulaha.oned.db.Database;
import org.nebulaha.oned.lifecycle.Transitions.Effect;
import org.nebulaha.oned.lifecycle.Transitions.Step;
import org.nebulaha.oned.model.DriverOp;
import org.nebulaha.oned.model.History;
import org.nebulaha.oned.model.Host;
import org.nebulaha.oned.model.HostState;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.Vm;
import org.nebulaha.oned.model.VmState;
import org.nebulaha.oned.recover.RecoverPlan;

/**
 * oned's state and the requests that change it. One lock (this object) orders every change; a
 * change is committed to the database before the method returns, and only then is the next
 * driver operation sent, so an acknowledged request survives a crash and a driver reply can
 * never overtake the state it answers. Decisions come from the pure {@link Transitions},
 * {@link VmActions} and {@link RecoverPlan}; this class applies them. This file is long
 * because it is the single place where state changes are applied.
 */
public final class Core {
    private static final System.Logger LOG = System.getLogger("oned.core");

    /** Sends driver operations (implemented by the driver manager). */
    public interface Dispatcher {
        /** Sends {@code op} for {@code vm}; false when no driver could take it. */
        boolean send(Vm vm, DriverOp op);
    }

    private final Database db;
    private final boolean legacyFailed;
    private final Map<Integer, Vm> cache;
    final Map<Integer, Host> hosts = new TreeMap<>();
    private final HostMonitoring monitoring = new HostMonitoring(this);
    private Dispatcher dispatcher = (vm, op) -> false;
    private VmResources resources = VmResources.NONE;
    private String tmMad = "dummy";

    public Core(Database db, boolean legacyFailed, int cacheSize) throws SQLException {
        this.db = db;
        this.legacyFailed = legacyFailed;
        int max = Math.max(cacheSize, 1);
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Vm> e) {
                return size() > max;
            }
        };
        for (Host h : db.loadHosts()) hosts.put(h.id, h);
    }

    public synchronized void setDispatcher(Dispatcher d, String tmMad) {
        this.dispatcher = d;
        this.tmMad = tmMad;
    }

    /** Images and network leases a VM takes at allocation and gives back when it is DONE (see {@link VmResources}). */
    public synchronized void setResources(VmResources r) {
        this.resources = r;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    // ------------------------------------------------------------------ reading

    Vm vm(int id) throws OneError {
        Vm v = cache.get(id);
        if (v != null) return v;
        try {
            v = db.loadVm(id);
        } catch (SQLException e) {
            throw new OneError(OneError.INTERNAL, "Error reading virtual machine [" + id + "] from the DB: " + e.getMessage());
        }
        if (v == null) throw new OneError(OneError.NO_EXISTS, "Error getting virtual machine [" + id + "].");
        cache.put(id, v);
        return v;
    }

    public synchronized Vm vmInfo(int id) throws OneError {
        return vm(id).copy();
    }

    public synchronized List<Vm> vmPool(int start, int end, int state) throws OneError {
        return vmPool(start, end, state, -1);
    }

    /** As {@link #vmPool(int, int, int)}, only the VMs owned by {@code uid} (-1: every owner). */
    public synchronized List<Vm> vmPool(int start, int end, int state, int uid) throws OneError {
        List<Vm> out = new ArrayList<>();
        try {
            for (int id : db.vmIds(start, end, state, uid)) out.add(vm(id).copy());
        } catch (SQLException e) {
            throw new OneError(OneError.INTERNAL, "Error reading the VM pool: " + e.getMessage());
        }
        return out;
    }

    /** Copies of the VMs left waiting for a driver (transient states), by id. */
    public synchronized List<Vm> transientVms() throws OneError {
        List<Vm> out = new ArrayList<>();
        try {
            for (int id : db.activeNotRunning()) {
                Vm v = vm(id);
                if (Transitions.isTransient(v.lcm)) out.add(v.copy());
            }
        } catch (SQLException e) {
            throw new OneError(OneError.INTERNAL, "Error reading the VM pool: " + e.getMessage());
        }
        return out;
    }

    private Host hostInfo(int id) throws OneError {
        Host h = hosts.get(id);
        if (h == null) throw new OneError(OneError.NO_EXISTS, "Error getting host [" + id + "].");
        return h;
    }

    /** The host's document, rendered under the lock (hosts change while monitoring runs). */
    public synchronized String hostDocument(int id) throws OneError {
        return org.nebulaha.oned.model.Documents.host(hostInfo(id));
    }

    public synchronized String hostPoolDocument() {
        return org.nebulaha.oned.model.Documents.hostPool(hosts.values());
    }

    // ------------------------------------------------------------------ writing

    /** Persists the VM and the hosts it touched in one transaction; on failure reloads them. */
    void commit(Vm v, Host... touched) throws OneError {
        try {
            db.inTransaction(() -> {
                if (v != null) db.saveVm(v);
                for (Host h : touched) if (h != null) db.saveHost(h);
            });
        } catch (SQLException e) {
            if (v != null) cache.remove(v.id);
            try {
                hosts.clear();
                for (Host h : db.loadHosts()) hosts.put(h.id, h);
            } catch (SQLException ignored) {
                // keep going with what we have; the next commit reports again
            }
            LOG.log(System.Logger.Level.ERROR, "commit failed" + (v == null ? "" : " for VM " + v.id) + ": " + e.getMessage());
            throw new OneError(OneError.INTERNAL, "Error writing to the DB: " + e.getMessage() + "; nothing was changed");
        }
    }

    public synchronized int allocate(String templateText, boolean hold) throws OneError {
        return allocate(templateText, hold, 0, "oneadmin", 0, "oneadmin");
    }

    /** one.vm.allocate by user {@code uid} ({@code uname}) of group {@code gid}, who own the new VM. */
    public synchronized int allocate(String templateText, boolean hold, int uid, String uname, int gid, String gname) throws OneError {
        Template t;
        try {
            t = Template.parse(templateText);
        } catch (Template.SyntaxException e) {
            throw new OneError(OneError.INTERNAL, "Parse error: " + e.getMessage());
        }
        int memory;
        double cpu;
        try {
            memory = Integer.parseInt(t.get("MEMORY").orElseThrow(() -> new OneError(OneError.INTERNAL,
                    "No MEMORY in template: give the memory in MB, e.g. MEMORY = 128")).strip());
            cpu = Double.parseDouble(t.get("CPU").orElseThrow(() -> new OneError(OneError.INTERNAL,
                    "No CPU in template: give the CPU share, e.g. CPU = 0.5")).strip());
        } catch (NumberFormatException e) {
            throw new OneError(OneError.INTERNAL, "MEMORY and CPU must be numbers: " + e.getMessage());
        }
        if (memory <= 0 || cpu <= 0) throw new OneError(OneError.INTERNAL, "MEMORY and CPU must be greater than 0");
        // Number the disks as OpenNebula does (DISK_ID 0, 1, ...).
        List<Template.Attribute> attrs = new ArrayList<>();
        int disk = 0;
        for (Template.Attribute a : t.attributes()) {
            if (a.isVector() && a.name().equals("DISK")) {
                Map<String, String> m = new LinkedHashMap<>(a.vector());
                m.put("DISK_ID", String.valueOf(disk++));
                attrs.add(new Template.Attribute("DISK", null, m));
            } else {
                attrs.add(a);
            }
        }
        Vm v = new Vm();
        try {
            v.id = db.nextOid("vm_pool");
        } catch (SQLException e) {
            throw new OneError(OneError.INTERNAL, "Error allocating a VM id: " + e.getMessage());
        }
        v.template = new Template(attrs);
        v.name = v.template.get("NAME").orElse("one-" + v.id);
        v.template = v.template.with("NAME", v.name).with("VMID", String.valueOf(v.id));
        v.memory = memory;
        v.cpu = cpu;
        v.uid = uid;
        v.uname = uname;
        v.gid = gid; v.gname = gname;
        v.stime = now();
        v.state = hold ? VmState.HOLD : VmState.PENDING;
        try {
            v.template = resources.acquire(v.id, uid, v.template);
        } catch (OneError e) {
            db.rollback(); // as 4.2, a refused VM does not use up its id
            throw e;
        }
        try {
            commit(v);
        } catch (OneError e) {
            resources.release(v.id, v.template);
            throw e;
        }
        cache.put(v.id, v);
        LOG.log(System.Logger.Level.INFO, "vm " + v.id + ": allocated (" + v.state + ") for " + uname);
        return v.id;
    }

    /**
     * one.vm.update: {@code type} 0 replaces the USER_TEMPLATE with {@code templateText}, 1 merges
     * it (each attribute named in the text replaces the ones of that name). Any state.
     */
    public synchronized void update(int id, String templateText, int type) throws OneError {
        if (type != 0 && type != 1)
            throw new OneError(OneError.XML_RPC_API, "Wrong update type " + type + ": use 0 (replace) or 1 (merge)");
        Vm v = vm(id);
        Template t;
        try {
            t = Template.parse(templateText);
        } catch (Template.SyntaxException e) {
            throw new OneError(OneError.INTERNAL, "Cannot update template. Parse error: " + e.getMessage());
        }
        Template before = v.userTemplate;
        v.userTemplate = type == 0 ? t : before.merge(t);
        try {
            commit(v);
        } catch (OneError e) {
            v.userTemplate = before;
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "vm " + id + ": user template " + (type == 0 ? "replaced" : "merged") + " ("
                + v.userTemplate.attributes().size() + " attribute(s))");
    }

    public synchronized void deploy(int id, int hostId) throws OneError {
        Vm v = vm(id);
        Host h = hostInfo(hostId);
        if (v.state != VmState.PENDING && v.state != VmState.HOLD)
            throw new OneError(OneError.ACTION, "Wrong state to perform action");
        v.history.add(new History(v.history.size(), h.id, h.name, h.vmMad, tmMad, now(), 0, History.NONE));
        addCapacity(h, v);
        LcmState lcm = "stop".equals(v.resumeKind) ? LcmState.PROLOG_RESUME
                : "undeploy".equals(v.resumeKind) ? LcmState.PROLOG_UNDEPLOY : LcmState.PROLOG;
        v.resumeKind = null;
        apply(v, Step.active(lcm, lcm == LcmState.PROLOG ? DriverOp.TM_PROLOG : DriverOp.TM_PROLOG_RESUME,
                "deployed to " + h.name), null, h);
    }

    public synchronized void migrate(int id, int hostId, boolean live) throws OneError {
        Vm v = vm(id);
        Host dest = hostInfo(hostId);
        if (v.state != VmState.ACTIVE || v.lcm != LcmState.RUNNING)
            throw new OneError(OneError.ACTION, "Wrong state to perform action");
        if (v.current() != null && v.current().hostId() == hostId)
            throw new OneError(OneError.ACTION, "VM is already running on host [" + hostId + "]");
        v.history.add(new History(v.history.size(), dest.id, dest.name, dest.vmMad, tmMad, now(), 0, History.NONE));
        addCapacity(dest, v);
        apply(v, live ? Step.active(LcmState.MIGRATE, DriverOp.VMM_MIGRATE, "live migration to " + dest.name)
                : Step.active(LcmState.SAVE_MIGRATE, DriverOp.VMM_SAVE, "cold migration to " + dest.name), null, dest);
    }

    public synchronized void action(String name, int id) throws OneError {
        String a = VmActions.canonical(name);
        if (a == null) throw new OneError(OneError.ACTION, "Virtual machine action \"" + name + "\" is not supported");
        Vm v = vm(id);
        Optional<Step> s = VmActions.plan(a, v.state, v.lcm);
        if (s.isEmpty()) throw new OneError(OneError.ACTION, "Wrong state to perform action \"" + name + "\"");
        Step step = s.get();
        switch (a) {
            case "resched": case "unresched":
                v.resched = a.equals("resched");
                commit(v);
                return;
            case "reboot": case "reboot-hard":
                dispatcher.send(v, step.op()); // no state change: 4.2 keeps RUNNING during a reboot
                return;
            case "resume":
                if (v.state == VmState.STOPPED) v.resumeKind = "stop";
                if (v.state == VmState.UNDEPLOYED) v.resumeKind = "undeploy";
                break;
            default:
                break;
        }
        boolean cleanup = v.state == VmState.ACTIVE && (a.equals("delete") || a.equals("delete-recreate"));
        apply(v, step, null);
        if (cleanup && a.equals("delete")) fireCleanup(v);
    }

    /** one.vm.recover: op 0..5 (see {@link RecoverPlan}); {@code deployId} is used by a BOOT success when known. */
    public synchronized String recover(int id, int op, String deployId) throws OneError {
        return recover(id, op, deployId, false);
    }

    /** As {@link #recover(int, int, String)}; {@code proven}: the outcome is established from the drivers' record. */
    public synchronized String recover(int id, int op, String deployId, boolean proven) throws OneError {
        Vm v = vm(id);
        RecoverPlan.Outcome o = RecoverPlan.decide(v.state, v.lcm, op, legacyFailed, v.lastOp, proven);
        if (o.refusal() != null) throw new OneError(OneError.ACTION, o.refusal());
        if (o.noop()) return "nothing to do in " + v.lcm;
        boolean wasActive = v.state == VmState.ACTIVE;
        if (deployId != null && !deployId.isEmpty() && o.step().effect() == Effect.SET_DEPLOY_ID) v.deployId = deployId;
        String before = v.state == VmState.ACTIVE ? v.lcm.name() : v.state.name();
        apply(v, o.step(), null);
        if (wasActive && (op == RecoverPlan.DELETE_OP || op == RecoverPlan.RECREATE_OP)) fireCleanup(v);
        String after = v.state == VmState.ACTIVE ? v.lcm.name() : v.state.name();
        LOG.log(System.Logger.Level.INFO, "vm " + id + ": recover " + RecoverPlan.opName(op) + ": " + before + " -> " + after);
        return before + " -> " + after;
    }

    public synchronized void attach(int id, String diskTemplate) throws OneError {
        Vm v = vm(id);
        if (v.state != VmState.ACTIVE || v.lcm != LcmState.RUNNING) throw new OneError(OneError.ACTION, "Wrong state to perform action");
        Template t;
        try {
            t = Template.parse(diskTemplate);
        } catch (Template.SyntaxException e) {
            throw new OneError(OneError.INTERNAL, "Parse error: " + e.getMessage());
        }
        List<Map<String, String>> disks = t.vectors("DISK");
        if (disks.size() != 1) throw new OneError(OneError.INTERNAL, "The template must contain exactly one DISK vector");
        int next = 0;
        for (Map<String, String> d : v.template.vectors("DISK")) next = Math.max(next, Integer.parseInt(d.getOrDefault("DISK_ID", "-1")) + 1);
        Map<String, String> d = new LinkedHashMap<>(disks.get(0));
        d.put("DISK_ID", String.valueOf(next));
        d.put("ATTACH", "YES");
        v.template = v.template.plusVector("DISK", d);
        v.hotplugDisk = next;
        apply(v, Step.active(LcmState.HOTPLUG, DriverOp.VMM_ATTACHDISK, "attach disk " + next), null);
    }

    public synchronized void detach(int id, int diskId) throws OneError {
        Vm v = vm(id);
        if (v.state != VmState.ACTIVE || v.lcm != LcmState.RUNNING) throw new OneError(OneError.ACTION, "Wrong state to perform action");
        if (v.template.vectors("DISK").stream().noneMatch(d -> String.valueOf(diskId).equals(d.get("DISK_ID"))))
            throw new OneError(OneError.NO_EXISTS, "VM " + id + " has no disk with DISK_ID " + diskId);
        v.hotplugDisk = diskId;
        apply(v, Step.active(LcmState.HOTPLUG, DriverOp.VMM_DETACHDISK, "detach disk " + diskId), null);
    }

    /** one.vm.snapshotcreate: RUNNING -> HOTPLUG_SNAPSHOT; returns the snapshot id. */
    public synchronized int snapshotCreate(int id, String name) throws OneError {
        Vm v = vm(id);
        if (v.state != VmState.ACTIVE || v.lcm != LcmState.RUNNING) throw new OneError(OneError.ACTION, "Wrong state to perform action");
        int next = 0;
        for (Map<String, String> s : v.template.vectors("SNAPSHOT")) {
            String sid = s.getOrDefault("SNAPSHOT_ID", "-1").strip();
            if (!sid.matches("-?\\d{1,9}"))
                throw new OneError(OneError.ACTION, "Cannot create snapshot. VM " + id + " has SNAPSHOT_ID = \"" + sid
                        + "\" in its template, which is not a number; nothing was changed");
            next = Math.max(next, Integer.parseInt(sid) + 1);
        }
        Map<String, String> s = new LinkedHashMap<>();
        s.put("SNAPSHOT_ID", String.valueOf(next));
        s.put("NAME", name.isBlank() ? "snapshot-" + next : name);
        s.put("ACTIVE", "YES");
        v.template = v.template.plusVector("SNAPSHOT", s);
        v.hotplugDisk = next;
        apply(v, Step.active(LcmState.HOTPLUG_SNAPSHOT, DriverOp.VMM_SNAPSHOTCREATE, "snapshot " + next), null);
        return next;
    }

    /** A driver answered {@code op} for VM {@code id}. Replies nobody waits for are logged and ignored. */
    public synchronized void driverResult(int id, DriverOp op, boolean success, String info) {
        Vm v;
        try {
            v = vm(id);
        } catch (OneError e) {
            LOG.log(System.Logger.Level.WARNING, "driver: result for unknown VM " + id + " ignored");
            return;
        }
        boolean matches = v.pendingOp != null && (op == null ? v.pendingOp.transfer : v.pendingOp == op);
        if (!matches) {
            LOG.log(System.Logger.Level.INFO, "vm " + id + ": ignored " + (op == null ? "TRANSFER" : op.word) + " "
                    + (success ? "SUCCESS" : "FAILURE") + " (waiting for " + (v.pendingOp == null ? "nothing" : v.pendingOp.word) + ")");
            return;
        }
        Optional<Step> s = success ? Transitions.success(v.lcm) : Transitions.failure(v.lcm, legacyFailed);
        if (!success) LOG.log(System.Logger.Level.WARNING, "vm " + id + ": " + v.pendingOp.word + " failed: " + info);
        if (s.isEmpty()) {
            v.pendingOp = null;
            return;
        }
        try {
            apply(v, s.get(), info);
        } catch (OneError e) {
            LOG.log(System.Logger.Level.ERROR, "vm " + id + ": could not record the driver result: " + e.getMessage());
        }
    }

    /** Applies a step: state, side effects, commit, then the next driver operation. */
    private void apply(Vm v, Step s, String info, Host... alsoTouched) throws OneError {
        List<Host> touched = new ArrayList<>(List.of(alsoTouched));
        VmState fromState = v.state;
        v.state = s.state();
        v.lcm = s.lcm();
        switch (s.effect()) {
            case RELEASE_HOST:
                for (int i = 0; i < v.history.size(); i++) {
                    History h = v.history.get(i);
                    if (h.etime() == 0) {
                        v.history.set(i, h.closed(now(), fromState == VmState.ACTIVE ? History.USER : History.NONE));
                        touched.add(releaseCapacity(h.hostId(), v));
                    }
                }
                break;
            case SET_DEPLOY_ID:
                if (info != null && !info.isBlank() && !info.equals("-")) v.deployId = info.strip();
                else if (v.deployId == null || v.deployId.isEmpty()) v.deployId = "one-" + v.id;
                break;
            case MIGRATE_ROLLBACK: case SAVE_MIGRATE_ROLLBACK: {
                History dest = v.current(), src = v.previous();
                v.history.set(v.history.size() - 1, dest.closed(now(), History.ERROR));
                touched.add(releaseCapacity(dest.hostId(), v));
                if (src != null) {
                    v.history.set(v.history.size() - 2, src.closed(now(), History.NONE));
                    v.history.add(new History(v.history.size(), src.hostId(), src.hostname(), src.vmmMad(), src.tmMad(), now(), 0, History.NONE));
                }
                break;
            }
            case HOTPLUG_SUCCESS: case HOTPLUG_FAILURE: {
                boolean detach = v.lastOp == DriverOp.VMM_DETACHDISK;
                boolean removeDisk = (s.effect() == Effect.HOTPLUG_SUCCESS) == detach;
                v.template = finished(v.template, "DISK", "DISK_ID", v.hotplugDisk, removeDisk);
                v.hotplugDisk = -1;
                break;
            }
            case SNAPSHOT_SUCCESS: case SNAPSHOT_FAILURE:
                v.template = finished(v.template, "SNAPSHOT", "SNAPSHOT_ID", v.hotplugDisk, s.effect() == Effect.SNAPSHOT_FAILURE);
                v.hotplugDisk = -1;
                break;
            default:
                break;
        }
        if (v.state == VmState.ACTIVE && v.lcm == LcmState.RUNNING) {
            // Reaching RUNNING ends every earlier placement (e.g. the source of a migration).
            for (int i = 0; i < v.history.size() - 1; i++) {
                History h = v.history.get(i);
                if (h.etime() == 0) {
                    v.history.set(i, h.closed(now(), History.NONE));
                    touched.add(releaseCapacity(h.hostId(), v));
                }
            }
        }
        if (v.state == VmState.DONE) v.etime = now();
        if (v.state == VmState.PENDING) {
            v.deployId = "";
            v.resched = false;
        }
        v.pendingOp = s.op();
        if (s.op() != null) v.lastOp = s.op();
        commit(v, touched.toArray(new Host[0]));
        if (v.state == VmState.DONE && fromState != VmState.DONE) resources.release(v.id, v.template);
        LOG.log(System.Logger.Level.INFO, "vm " + v.id + ": " + (v.state == VmState.ACTIVE ? v.lcm : v.state) + " (" + s.why() + ")");
        if (s.op() != null && !dispatcher.send(v, s.op())) {
            LOG.log(System.Logger.Level.WARNING, "vm " + v.id + ": no driver could take " + s.op().word + "; failing it");
            Optional<Step> f = Transitions.failure(v.lcm, legacyFailed);
            if (f.isPresent()) apply(v, f.get(), "no driver");
        }
    }

    /** Fire-and-forget cleanup on the VM's last host after delete/recreate (nobody waits for it). */
    private void fireCleanup(Vm v) {
        if (v.current() == null) return;
        dispatcher.send(v, DriverOp.VMM_CLEANUP);
        dispatcher.send(v, DriverOp.TM_EPILOG_DELETE);
    }

    /** Ends a hot operation on vector {@code name} with {@code key} = {@code id}: drop it, or clear its in-flight flag. */
    private static Template finished(Template t, String name, String key, int id, boolean remove) {
        List<Template.Attribute> out = new ArrayList<>();
        for (Template.Attribute a : t.attributes()) {
            if (a.isVector() && a.name().equals(name) && String.valueOf(id).equals(a.vector().get(key))) {
                if (remove) continue;
                Map<String, String> m = new LinkedHashMap<>(a.vector());
                m.remove("ATTACH");
                m.remove("ACTIVE");
                out.add(new Template.Attribute(name, null, m));
            } else {
                out.add(a);
            }
        }
        return new Template(out);
    }

    private void addCapacity(Host h, Vm v) {
        h.usedMem += v.memory * 1024L;
        h.usedCpu += Math.round(v.cpu * 100);
        h.vms.add(v.id);
    }

    private Host releaseCapacity(int hostId, Vm v) {
        Host h = hosts.get(hostId);
        if (h == null || !h.vms.remove(v.id)) return h;
        h.usedMem = Math.max(0, h.usedMem - v.memory * 1024L);
        h.usedCpu = Math.max(0, h.usedCpu - Math.round(v.cpu * 100));
        return h;
    }

    // ------------------------------------------------------------------ hosts

    public synchronized int hostAllocate(String name, String im, String vmm, String vnm) throws OneError {
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+"))
            throw new OneError(OneError.INTERNAL, "Invalid host name '" + name + "': use letters, digits, '.', '_' and '-'");
        for (Host h : hosts.values())
            if (h.name.equals(name)) throw new OneError(OneError.INTERNAL, "NAME is already taken by HOST " + h.id + ".");
        Host h = new Host();
        try {
            h.id = db.nextOid("host_pool");
        } catch (SQLException e) {
            throw new OneError(OneError.INTERNAL, "Error allocating a host id: " + e.getMessage());
        }
        h.name = name;
        h.imMad = im;
        h.vmMad = vmm;
        h.vnMad = vnm;
        hosts.put(h.id, h);
        try {
            commit(null, h);
        } catch (OneError e) {
            hosts.remove(h.id);
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "host " + h.id + ": allocated " + name + " (im " + im + ", vmm " + vmm + ")");
        return h.id;
    }

    public synchronized void hostEnable(int id, boolean enable) throws OneError {
        Host h = hostInfo(id);
        HostState before = h.state;
        h.state = enable ? (h.state == HostState.DISABLED ? HostState.INIT : h.state) : HostState.DISABLED;
        try {
            commit(null, h);
        } catch (OneError e) {
            h.state = before;
            throw e;
        }
    }

    public synchronized void hostDelete(int id) throws OneError {
        Host h = hostInfo(id);
        if (!h.vms.isEmpty()) throw new OneError(OneError.ACTION, "Can not remove a host with running VMs: " + h.vms);
        try {
            db.inTransaction(() -> db.deleteHost(id));
        } catch (SQLException e) {
            throw new OneError(OneError.INTERNAL, "Error deleting host [" + id + "]: " + e.getMessage());
        }
        hosts.remove(id);
    }

    /** Result of a MONITOR (see {@link HostMonitoring}). */
    public void monitorResult(int hostId, boolean success, String info) {
        monitoring.result(hostId, success, info);
    }

    /** Enabled hosts due for a MONITOR, marked as being monitored (see {@link HostMonitoring}). */
    public List<Host> hostsToMonitor(long intervalSeconds) {
        return monitoring.due(intervalSeconds);
    }
}
