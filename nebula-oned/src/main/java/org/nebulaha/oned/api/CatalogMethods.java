package org.nebulaha.oned.api;

import java.nio.file.Path;
import java.util.List;
import org.nebulaha.oned.catalog.Catalog;
import org.nebulaha.oned.lifecycle.Core;

/** The method groups of templates, images, virtual networks and datastores, for {@link Api}. */
public final class CatalogMethods {
    private CatalogMethods() {}

    public static List<MethodGroup> all(Catalog catalog, AccessApi access, Core core, Path datastoresDir) {
        return List.of(new TemplateMethods(catalog, access, core), new ImageMethods(catalog, access), new VnetMethods(catalog, access),
                new DatastoreMethods(catalog, access, datastoresDir));
    }
}
