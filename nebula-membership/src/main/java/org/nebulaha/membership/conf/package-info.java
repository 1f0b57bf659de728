/** From a parsed cluster.conf to what membership and quorum run with ({@link org.nebulaha.membership.conf.ClusterSettings}). */
package org.nebulaha.membership.conf;
