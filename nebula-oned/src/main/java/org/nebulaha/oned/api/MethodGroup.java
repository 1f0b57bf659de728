package org.nebulaha.oned.api;

import java.util.List;
import java.util.Map;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.User;

/** A family of XML-RPC methods {@link Api} routes to (templates, images, networks, datastores). */
public interface MethodGroup {
    /** Method name to {request name, signature} as {@link Api}'s own table (s string, i int, b bool, ? rest optional). */
    Map<String, String[]> signatures();

    /** Runs an authenticated call whose parameters (after the session) match the signature. */
    Object call(String method, List<Object> args, User u) throws OneError;
}
