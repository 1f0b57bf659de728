package org.nebulaha.oned.catalog;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Datastore;
import org.nebulaha.oned.model.Image;
import org.nebulaha.oned.model.Template;

/**
 * Images as 4.2's ImageManager: allocation (LOCKED until the datastore driver has it, then READY),
 * the datastore drivers, what VMs hold, and the state rules of enable, persistent, chtype, clone
 * and delete. DS_MAD {@code dummy}: READY at once; {@code fs}: PATH is copied (or a DATABLOCK of
 * SIZE MB created) into the datastore's BASE_PATH in the background, the size recorded in MB; a
 * copy that fails leaves the image in ERROR with the reason in its template's ERROR.
 */
public final class Images {
    private static final System.Logger LOG = System.getLogger("oned.images");
    private final Catalog c;

    Images(Catalog c) {
        this.c = c;
    }

    /** one.image.allocate by {@code uid} ({@code uname}) in datastore {@code ds}. */
    public int allocate(int uid, String uname, String text, Datastore ds) throws OneError {
        Template t = parse(text);
        if (ds.type == Datastore.SYSTEM_DS) throw new OneError(OneError.ACTION, "Cannot allocate images in a SYSTEM_DS datastore (" + ds.id + ").");
        Image i = new Image();
        i.name = t.get("NAME").orElse("").strip();
        if (i.name.isEmpty()) throw new OneError(OneError.INTERNAL, "No NAME in template for Image.");
        String type = t.get("TYPE").orElse(ds.type == Datastore.FILE_DS ? "CONTEXT" : "OS").strip().toUpperCase();
        i.type = Image.TYPES.indexOf(type);
        if (i.type < 0) throw new OneError(OneError.INTERNAL, "Incorrect TYPE in template.");
        boolean file = i.type >= Image.KERNEL;
        if (file != (ds.type == Datastore.FILE_DS))
            throw new OneError(OneError.INTERNAL, (file ? "KERNEL, RAMDISK and CONTEXT files go in a FILE_DS datastore"
                    : "Disk images (OS, CDROM, DATABLOCK) go in an IMAGE_DS datastore") + "; datastore " + ds.id + " is "
                    + Datastore.TYPES.get(ds.type) + ".");
        i.persistent = !file && t.get("PERSISTENT").orElse("").strip().equalsIgnoreCase("YES");
        i.path = t.get("PATH").orElse("").strip();
        i.source = t.get("SOURCE").orElse("").strip();
        i.fstype = t.get("FSTYPE").orElse("").strip();
        String size = t.get("SIZE").orElse("0").strip();
        if (!size.matches("\\d{1,9}")) throw new OneError(OneError.INTERNAL, "SIZE = \"" + size + "\" is not a number of MB.");
        i.sizeMb = Long.parseLong(size);
        if (i.source.isEmpty() && i.path.isEmpty() && (i.type != Image.DATABLOCK || i.fstype.isEmpty()))
            throw new OneError(OneError.INTERNAL, i.type == Image.DATABLOCK
                    ? "A DATABLOCK type IMAGE has to declare a PATH, or both SIZE and FSTYPE." : "No PATH in template.");
        if (!i.source.isEmpty() && !i.path.isEmpty())
            throw new OneError(OneError.INTERNAL, "Template malformed, PATH and SOURCE are mutually exclusive.");
        if (ds.dsMad.equals("fs") && !i.path.isEmpty() && !Files.isRegularFile(Path.of(i.path)))
            throw new OneError(OneError.INTERNAL, "PATH " + i.path + " is not a file oned can read on this front-end.");
        Template rest = t;
        for (String k : new String[] {"NAME", "TYPE", "PERSISTENT", "PATH", "SOURCE", "FSTYPE", "SIZE"}) rest = rest.without(k);
        if (!file && rest.get("DEV_PREFIX").isEmpty()) rest = rest.with("DEV_PREFIX", "hd");
        i.template = rest;
        return register(i, uid, uname, ds);
    }

    /** Numbers, owns and stores a new image (LOCKED), then hands it to the datastore driver. */
    int register(Image i, int uid, String uname, Datastore ds) throws OneError {
        synchronized (c.images.lock) {
            Image same = c.images.byName(i.name, uid);
            if (same != null) throw new OneError(OneError.INTERNAL, "NAME is already taken by IMAGE " + same.id + ".");
            i.id = c.images.nextId();
            i.uid = uid;
            i.uname = uname;
            i.gid = Catalog.groupOf(uid);
            i.gname = i.gid == 0 ? "oneadmin" : "users";
            i.regtime = System.currentTimeMillis() / 1000;
            i.datastoreId = ds.id;
            i.datastore = ds.name;
            i.state = Image.LOCKED;
            boolean copy = ds.dsMad.equals("fs") && i.source.isEmpty();
            if (!copy) i.state = Image.READY; // dummy (or a given SOURCE): nothing to copy
            c.images.put(i);
            if (copy) startCopy(i, ds);
            LOG.log(System.Logger.Level.INFO, "image " + i.id + ": " + i.name + " in datastore " + ds.id + " (" + ds.dsMad + ")"
                    + (copy ? ", copying " + (i.path.isEmpty() ? "a new " + i.sizeMb + " MB datablock" : i.path) : ", READY"));
            return i.id;
        }
    }

    private void startCopy(Image i, Datastore ds) {
        Path dest = Path.of(ds.basePath).resolve(sourceName(i));
        Path from = i.path.isEmpty() ? null : Path.of(i.path);
        long blank = i.sizeMb;
        int id = i.id;
        Thread t = new Thread(() -> {
            try {
                Files.createDirectories(dest.getParent());
                Path tmp = dest.resolveSibling(dest.getFileName() + ".part");
                if (from != null) {
                    Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
                        f.setLength(blank * 1024 * 1024);
                    }
                }
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                copied(id, dest, null);
            } catch (IOException | RuntimeException e) {
                copied(id, dest, "could not copy " + (from == null ? "a new datablock" : from) + " to " + dest + ": " + e);
            }
        }, "image-copy-" + id);
        t.setDaemon(true);
        t.start();
    }

    private static String sourceName(Image i) {
        return String.format("%08x%08x", i.id, (i.regtime ^ i.path.hashCode()) & 0xffffffffL);
    }

    /** The copy ended: READY with SOURCE and SIZE, or ERROR with the reason. */
    private void copied(int id, Path dest, String error) {
        synchronized (c.images.lock) {
            Image i;
            try {
                i = c.images.get(id);
            } catch (OneError gone) {
                deleteQuietly(dest); // deleted while copying
                return;
            }
            if (error == null) {
                i.state = Image.READY;
                i.source = dest.toString();
                try {
                    i.sizeMb = (Files.size(dest) + (1 << 20) - 1) >> 20;
                } catch (IOException e) {
                    error = "copied, but cannot read the size of " + dest + ": " + e.getMessage();
                }
            }
            if (error != null) {
                i.state = Image.ERROR;
                i.template = i.template.with("ERROR", error);
                LOG.log(System.Logger.Level.WARNING, "image " + id + ": " + error);
            }
            try {
                c.images.put(i);
            } catch (OneError e) {
                LOG.log(System.Logger.Level.ERROR, "image " + id + ": could not record the end of its copy: " + e.getMessage());
            }
        }
    }

    /** At start: copies a crash interrupted (LOCKED images) run again from their PATH. */
    void restartInterruptedCopies() throws OneError {
        synchronized (c.images.lock) {
            for (Image i : c.images.all()) {
                if (i.state != Image.LOCKED) continue;
                LOG.log(System.Logger.Level.WARNING, "image " + i.id + ": its copy was interrupted by the previous oned; copying again");
                startCopy(i, c.datastores.get(i.datastoreId));
            }
        }
    }

    /** A VM's DISK holding image IMAGE_ID or IMAGE (as 4.2 ImageManager::acquire_image and disk_attribute). */
    Map<String, String> hold(int vid, int uid, Map<String, String> disk, Map<Integer, Image> changed) throws OneError {
        Image i;
        if (disk.containsKey("IMAGE_ID")) {
            int id = Catalog.parseId(disk.get("IMAGE_ID"), "IMAGE_ID");
            i = changed.containsKey(id) ? changed.get(id) : c.images.get(id);
        } else {
            String name = disk.get("IMAGE").strip();
            String un = disk.get("IMAGE_UNAME");
            int owner = un == null || un.isBlank() ? uid : un.strip().equals("oneadmin") ? 0 : -1;
            Image found = c.images.byName(name, owner);
            if (found == null) throw new OneError(OneError.ACTION, "User " + uid + " does not own an image with name: " + name
                    + " . Set IMAGE_UNAME or IMAGE_UID of owner in DISK.");
            i = changed.containsKey(found.id) ? changed.get(found.id) : c.images.get(found.id);
        }
        if (!Catalog.may(uid, Catalog.groupOf(uid), i, "USE"))
            throw new OneError(OneError.AUTHORIZATION, "User [" + uid + "] : Not authorized to perform USE IMAGE [" + i.id + "].");
        if (i.type >= Image.KERNEL)
            throw new OneError(OneError.ACTION, "Image " + i.id + " (" + i.name + ") of type " + Image.TYPES.get(i.type) + " cannot be used as DISK.");
        switch (i.state) {
            case Image.READY -> i.state = i.persistent ? Image.USED_PERS : Image.USED;
            case Image.USED -> { }
            case Image.USED_PERS -> throw new OneError(OneError.ACTION, "Cannot acquire image " + i.id + ", it is persistent and already in use");
            default -> throw new OneError(OneError.ACTION, "Cannot acquire image " + i.id + ", it is in state: " + Image.STATES.get(i.state));
        }
        i.vms.add(vid);
        changed.put(i.id, i);
        Datastore ds = c.datastores.get(i.datastoreId);
        Map<String, String> m = new LinkedHashMap<>(disk);
        m.put("IMAGE", i.name);
        m.put("IMAGE_ID", String.valueOf(i.id));
        m.put("IMAGE_UNAME", i.uname);
        m.put("SOURCE", i.source);
        m.put("DATASTORE", ds.name);
        m.put("DATASTORE_ID", String.valueOf(ds.id));
        m.put("TM_MAD", ds.tmMad);
        i.template.get("DEV_PREFIX").ifPresent(p -> m.putIfAbsent("DEV_PREFIX", p));
        m.put("READONLY", i.type == Image.CDROM ? "YES" : m.getOrDefault("READONLY", "NO"));
        if (i.persistent) m.put("PERSISTENT", "YES");
        m.put("CLONE", i.persistent ? "NO" : "YES");
        m.put("SAVE", i.persistent ? "YES" : "NO");
        m.put("TYPE", i.type == Image.CDROM ? "CDROM" : "FILE");
        return m;
    }

    /** The image a DONE VM's disk held, with the VM removed (READY again when no VM holds it), or null. */
    Image unhold(int vid, String imageId) {
        if (imageId == null || !imageId.strip().matches("\\d+")) return null;
        try {
            Image i = c.images.get(Integer.parseInt(imageId.strip()));
            if (!i.vms.remove(vid)) return null;
            if (i.vms.isEmpty() && (i.state == Image.USED || i.state == Image.USED_PERS)) i.state = Image.READY;
            return i;
        } catch (OneError gone) {
            return null;
        }
    }

    /** one.image.enable: READY/ERROR to DISABLED and DISABLED/ERROR to READY, as 4.2. */
    public void enable(int id, boolean enable) throws OneError {
        synchronized (c.images.lock) {
            Image i = c.images.get(id);
            boolean ok = enable ? i.state == Image.DISABLED || i.state == Image.ERROR || i.state == Image.READY
                    : i.state == Image.READY || i.state == Image.ERROR || i.state == Image.DISABLED;
            if (!ok) throw new OneError(OneError.INTERNAL, "Image cannot be in state " + Image.STATES.get(i.state) + ".");
            i.state = enable ? Image.READY : Image.DISABLED;
            if (enable) i.template = i.template.without("ERROR");
            c.images.put(i);
        }
    }

    public void persistent(int id, boolean persistent) throws OneError {
        synchronized (c.images.lock) {
            Image i = c.images.get(id);
            if (i.type >= Image.KERNEL) throw new OneError(OneError.ACTION, "KERNEL, RAMDISK and CONTEXT files must be non-persistent");
            if (i.state == Image.USED || i.state == Image.USED_PERS)
                throw new OneError(OneError.INTERNAL, "Image cannot be in state " + Image.STATES.get(i.state) + ".");
            if (persistent && (i.perms.groupU() == 1 || i.perms.otherU() == 1))
                throw new OneError(OneError.INTERNAL, "Image cannot be public and persistent.");
            i.persistent = persistent;
            c.images.put(i);
        }
    }

    public void chtype(int id, String type) throws OneError {
        synchronized (c.images.lock) {
            Image i = c.images.get(id);
            int t = Image.TYPES.indexOf(type.strip().toUpperCase());
            if (t < 0) throw new OneError(OneError.INTERNAL, "Incorrect TYPE in template.");
            if ((t >= Image.KERNEL) != (i.type >= Image.KERNEL))
                throw new OneError(OneError.ACTION, "Cannot change image type to an incompatible type for the current datastore.");
            i.type = t;
            c.images.put(i);
        }
    }

    /** one.image.clone: a new image in the same datastore from the source's file (READY or USED, not persistent-in-use). */
    public int cloneImage(int id, String name, int uid, String uname) throws OneError {
        synchronized (c.images.lock) {
            Image src = c.images.get(id);
            Datastore ds = c.datastores.get(src.datastoreId);
            if (ds.type == Datastore.FILE_DS) throw new OneError(OneError.ACTION, "Clone not supported for FILE_DS Datastores");
            if (src.state != Image.READY && src.state != Image.USED)
                throw new OneError(OneError.ACTION, "Cannot clone image in state: " + Image.STATES.get(src.state));
            Image i = new Image();
            i.name = name;
            i.type = src.type;
            i.persistent = false;
            i.fstype = src.fstype;
            i.sizeMb = src.sizeMb;
            i.path = ds.dsMad.equals("fs") ? src.source : src.path;
            i.template = src.template.without("ERROR");
            return register(i, uid, uname, ds);
        }
    }

    /** one.image.delete: refused while VMs hold it; fs removes its file. */
    public void delete(int id) throws OneError {
        synchronized (c.images.lock) {
            Image i = c.images.get(id);
            if (!i.vms.isEmpty() || i.state == Image.USED || i.state == Image.USED_PERS)
                throw new OneError(OneError.ACTION, "There are " + i.vms.size() + " VMs using it.");
            c.images.remove(id);
            Datastore ds = c.datastores.get(i.datastoreId);
            if (ds.dsMad.equals("fs") && !i.source.isEmpty() && i.source.startsWith(ds.basePath)) deleteQuietly(Path.of(i.source));
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + p + ": " + e.getMessage());
        }
    }

    static Template parse(String text) throws OneError {
        try {
            return Template.parse(text);
        } catch (Template.SyntaxException e) {
            throw new OneError(OneError.INTERNAL, "Parse error: " + e.getMessage());
        }
    }
}
