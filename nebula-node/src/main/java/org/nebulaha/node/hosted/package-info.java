/**
 * The parts the node daemon hosts besides membership and quorum: fenced ({@link
 * org.nebulaha.node.hosted.FencedModule}) and the resource group manager ({@link
 * org.nebulaha.node.hosted.RgmanagerModule}). Each is a thin adapter: the decisions live in
 * nebula-fence and nebula-rgmanager; here they hear cluster events, talk to their peers over the
 * cluster channel and answer the local API.
 */
package org.nebulaha.node.hosted;
