package org.nebulaha.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequireTest {
    @Test
    void theSwitchIsTheEnvironmentVariableOrTheSystemProperty() {
        assertTrue(Require.all("1", null));
        assertTrue(Require.all("true", null));
        assertTrue(Require.all(null, "true"));
        assertFalse(Require.all(null, null));
        assertFalse(Require.all("0", "false"));
    }

    @Test
    void aMissingRequirementSkipsOrUnderTheSwitchFails() {
        assertDoesNotThrow(() -> Require.that(true, "present"));
        String before = System.getProperty(Require.PROPERTY);
        try {
            System.setProperty(Require.PROPERTY, "true");
            AssertionError e = assertThrows(AssertionError.class, () -> Require.that(false, "fence_xvm is not installed"));
            assertTrue(e.getMessage().startsWith("fence_xvm is not installed [org.nebulaha.testkit.RequireTest."), e.getMessage());
            assertThrows(AssertionError.class, () -> Require.optional(false, "fence_xvm"));
            if (!Require.all(System.getenv(Require.ENV), null)) {
                System.setProperty(Require.PROPERTY, "false");
                TestAbortedException skip = assertThrows(TestAbortedException.class, () -> Require.that(false, "no chromium"));
                assertEquals("no chromium", skip.getMessage());
                assertFalse(Require.optional(false, "fence_xvm"));
            }
        } finally {
            if (before == null) System.clearProperty(Require.PROPERTY);
            else System.setProperty(Require.PROPERTY, before);
        }
    }

    @Test
    void toolsAreFoundOnThePathOrInTheSystemDirectories() {
        assertNotNull(Require.find("sh"));
        assertNull(Require.find("no-such-tool-nebula"));
        assertEquals(Require.find("sh"), Require.find("no-such-tool-nebula", "sh"));
    }
}
