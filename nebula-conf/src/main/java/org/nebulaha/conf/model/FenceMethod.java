package org.nebulaha.conf.model;

import java.util.List;

/** {@code <method name>}: every device in it must succeed for the method to succeed. */
public record FenceMethod(String name, List<FenceDeviceUse> devices) {
    public FenceMethod {
        devices = List.copyOf(devices);
    }
}
