package org.nebulaha.oned.api;

import java.util.List;
import java.util.Map;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.catalog.Catalog;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Datastore;
import org.nebulaha.oned.model.Image;
import org.nebulaha.oned.model.Perms;
import org.nebulaha.oned.model.User;

/** one.image.* and one.imagepool.info (4.2 image.xsd); the state rules live in {@link org.nebulaha.oned.catalog.Images}. */
final class ImageMethods extends PoolMethods<Image> {
    private final Catalog catalog;

    ImageMethods(Catalog catalog, AccessApi access) {
        super(catalog.images, access, "IMAGE");
        this.catalog = catalog;
    }

    @Override
    public Map<String, String[]> signatures() {
        return Map.ofEntries(
                Map.entry("one.image.allocate", new String[] {"ImageAllocate", "si"}),
                Map.entry("one.image.delete", new String[] {"ImageDelete", "i"}),
                Map.entry("one.image.info", new String[] {"ImageInfo", "i"}),
                Map.entry("one.image.update", new String[] {"ImageUpdateTemplate", "is"}),
                Map.entry("one.image.enable", new String[] {"ImageEnable", "ib"}),
                Map.entry("one.image.persistent", new String[] {"ImagePersistent", "ib"}),
                Map.entry("one.image.chtype", new String[] {"ImageChangeType", "is"}),
                Map.entry("one.image.clone", new String[] {"ImageClone", "is"}),
                Map.entry("one.image.chown", new String[] {"ImageChown", "iii"}),
                Map.entry("one.image.chmod", new String[] {"ImageChmod", "iiiiiiiiii"}),
                Map.entry("one.image.rename", new String[] {"ImageRename", "is"}),
                Map.entry("one.imagepool.info", new String[] {"ImagePoolInfo", "?i?i?i"}));
    }

    /** Any user may create images in a datastore they may USE; the rest by the image's permissions. */
    @Override
    void authorize(User u, Image i, String op) throws OneError {
        byPermissions(u, i, op);
    }

    private void authorizeDatastore(User u, Datastore ds) throws OneError {
        if (!Catalog.may(u.id(), u.gid(), ds, "USE")) throw denied(u, "USE DATASTORE [" + ds.id + "]");
    }

    @Override
    String document(Image i, boolean extended) {
        return i.toXml();
    }

    @Override
    String poolRoot() {
        return "IMAGE_POOL";
    }

    @Override
    void checkChmod(Image i, Perms next) throws OneError {
        if (i.persistent && (next.groupU() == 1 || next.otherU() == 1)) throw new OneError(OneError.INTERNAL, "Image cannot be public and persistent.");
    }

    @Override
    public Object call(String m, List<Object> a, User u) throws OneError {
        switch (m) {
            case "one.image.allocate": {
                authorize(u, null, "CREATE");
                Datastore ds = catalog.datastores.get(i(a, 1));
                authorizeDatastore(u, ds);
                return catalog.imageOps.allocate(u.id(), u.name(), (String) a.get(0), ds);
            }
            case "one.image.delete":
                synchronized (store.lock()) {
                    get(u, i(a, 0), "MANAGE");
                    catalog.imageOps.delete(i(a, 0));
                }
                return i(a, 0);
            case "one.image.enable":
                get(u, i(a, 0), "MANAGE");
                catalog.imageOps.enable(i(a, 0), (Boolean) a.get(1));
                return i(a, 0);
            case "one.image.persistent":
                get(u, i(a, 0), "MANAGE");
                catalog.imageOps.persistent(i(a, 0), (Boolean) a.get(1));
                return i(a, 0);
            case "one.image.chtype":
                get(u, i(a, 0), "MANAGE");
                catalog.imageOps.chtype(i(a, 0), (String) a.get(1));
                return i(a, 0);
            case "one.image.clone": {
                Image src = get(u, i(a, 0), "USE");
                authorizeDatastore(u, catalog.datastores.get(src.datastoreId));
                checkName((String) a.get(1), u.id(), -1);
                return catalog.imageOps.cloneImage(i(a, 0), ((String) a.get(1)).strip(), u.id(), u.name());
            }
            case "one.imagepool.info": return pool(u, a);
            default: return common("one.image", m, a, u);
        }
    }
}
