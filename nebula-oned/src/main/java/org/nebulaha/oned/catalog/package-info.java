/** VM templates, images, datastores and virtual networks: the pools, image copies and network leases. */
package org.nebulaha.oned.catalog;
