package org.nebulaha.oned.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlRpcCodecTest {

    @Test
    void roundTripsEveryValueType() throws Exception {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("a", 1);
        struct.put("b <&>", List.of("x", true));
        List<Object> params = new java.util.ArrayList<>(List.of(42, 7_000_000_000L, true, "s <&> \"q\"", 1.5,
                LocalDateTime.of(2026, 11, 25, 10, 41, 7), List.of(1, "two"), struct));
        params.add(null);
        byte[] call = XmlRpcCodec.writeCall("one.vm.info", params);
        MethodCall parsed = XmlRpcCodec.parseCall(call);
        assertThat(parsed.method()).isEqualTo("one.vm.info");
        assertThat(parsed.params()).containsExactlyElementsOf(params);
    }

    @Test
    void readsBase64AndTreatsUntypedValuesAsStrings() throws Exception {
        String xml = "<?xml version='1.0'?><methodCall><methodName>m</methodName><params>"
                + "<param><value>plain text</value></param>"
                + "<param><value><base64>aGVsbG8=</base64></value></param>"
                + "<param><value><int>-3</int></value></param>"
                + "<param><value><boolean>0</boolean></value></param></params></methodCall>";
        MethodCall c = XmlRpcCodec.parseCall(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(c.params().get(0)).isEqualTo("plain text");
        assertThat(new String((byte[]) c.params().get(1), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(c.params().get(2)).isEqualTo(-3);
        assertThat(c.params().get(3)).isEqualTo(false);
    }

    @Test
    void readsResponsesAndFaults() throws Exception {
        MethodResponse ok = XmlRpcCodec.parseResponse(XmlRpcCodec.writeResponse(List.of(true, "4.2.0", 0)));
        assertThat(ok.value()).isEqualTo(List.of(true, "4.2.0", 0));
        MethodResponse fault = XmlRpcCodec.parseResponse(XmlRpcCodec.writeFault(-32601, "Method 'x' not defined"));
        assertThat(fault.isFault()).isTrue();
        assertThat(fault.fault().code()).isEqualTo(-32601);
        assertThat(fault.fault().getMessage()).isEqualTo("Method 'x' not defined");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not xml at all",
            "<methodCall><methodName>m</methodName><params><param><value><int>12x</int></value></param></params></methodCall>",
            "<methodCall><methodName>m</methodName><params><param><value><boolean>2</boolean></value></param></params></methodCall>",
            "<methodCall><methodName>m</methodName><params><param><value><blob>1</blob></value></param></params></methodCall>",
            "<methodCall><methodName></methodName></methodCall>",
            "<methodCall><methodName>m</methodName><params><param><value><string>open",
            "<other/>"})
    void refusesMalformedCallsWithAParseFault(String body) {
        assertThatThrownBy(() -> XmlRpcCodec.parseCall(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(XmlRpcFault.class, f -> assertThat(f.code()).isEqualTo(XmlRpcFault.PARSE_ERROR));
    }

    @Test
    void refusesDoctypesSoExternalEntitiesAreNeverRead() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                + "<methodCall><methodName>m</methodName><params><param><value>&e;</value></param></params></methodCall>";
        assertThatThrownBy(() -> XmlRpcCodec.parseCall(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XmlRpcFault.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
    }
}
