package org.nebulaha.sunstone.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.sunstone.web.SunstoneServer;
import org.nebulaha.sunstone.web.TestCloud;
import org.nebulaha.testkit.Poll;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.nebulaha.testkit.Require;

/**
 * Sunstone in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium):
 * log in, read the dashboard, recover a stuck VM from the UI, read the live cluster panel, and
 * stay logged in when Sunstone moves to another "node" with the same session files, instantiate a
 * template and see the VM, its image and its lease. Screenshots of
 * each page go to {@code target/screenshots/}. Skipped when chromium or chromedriver is missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SunstoneBrowserTest {
    static final Path SHOTS = Path.of("target", "screenshots");
    @TempDir static Path tmp;
    static TestCloud cloud;
    static SunstoneServer server;
    static WebDriver driver;
    static int stuck;

    static Path onPath(String... names) {
        for (String n : names)
            for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(d, n);
                if (Files.isExecutable(p)) return p;
            }
        return null;
    }

    @BeforeAll
    static void start() throws Exception {
        Path chromium = onPath("chromium", "chromium-browser");
        Path chromedriver = onPath("chromedriver");
        Require.that(chromium != null && chromedriver != null,
                "chromium or chromedriver not on the PATH (Debian: apt-get install chromium chromium-driver)");
        cloud = new TestCloud(tmp.resolve("one"));
        int h1 = cloud.host("one-host1");
        cloud.host("one-host2");
        cloud.runningVm("web", h1);
        cloud.runningVm("mail", h1);
        stuck = cloud.stuckVm("db", h1);
        cloud.pendingVm("batch");
        cloud.fakeTool("clustat", TestCloud.clustat("one-server1", "started", true, false));
        cloud.fakeTool("cman_tool", "Cluster Name: opennebula\nNodes: 1\nExpected votes: 1\nTotal votes: 1\nQuorum: 1\n");
        cloud.fakeTool("fence_node", "2026-11-25T10:41:05Z one-server2: fenced by xvm (fence_xvm off): success in 812 ms (fenced)\n");
        server = new SunstoneServer(cloud.sunstoneConf(tmp.resolve("sessions"))).start();

        Files.createDirectories(SHOTS);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium"),
                "--window-size=1366,768");
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(svc, o);
        driver.manage().window().setSize(new Dimension(1366, 768));
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.close();
        if (cloud != null) cloud.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    static void shot(String name) throws Exception {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The text of element {@code id}; live panels replace their elements every few seconds, so a stale one is looked up again. */
    static String text(String id) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<WebElement> l = driver.findElements(By.id(id));
                return l.isEmpty() ? "" : l.get(0).getText();
            } catch (StaleElementReferenceException e) {
                if (attempt >= 10) throw e;
            }
        }
    }

    static void logIn(String password) {
        driver.findElement(By.id("login-user")).clear();
        driver.findElement(By.id("login-user")).sendKeys("oneadmin");
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    @Test
    @Order(1)
    void logsInWithTheOpenNebulaAccountAfterAWrongPasswordIsRefused() throws Exception {
        driver.get(url("/"));
        assertThat(driver.getCurrentUrl()).endsWith("/login");
        shot("01-login");
        logIn("wrong");
        // click() may return before the answer page has loaded: wait for it
        Poll.until(Duration.ofSeconds(10), () -> !text("error").isEmpty(), () -> driver.getPageSource());
        assertThat(text("error")).isEqualTo("Wrong user name or password.");
        logIn(cloud.password);
        Poll.until(Duration.ofSeconds(10), () -> !text("user").isEmpty(), () -> driver.getPageSource());
        assertThat(text("user")).isEqualTo("oneadmin");
    }

    @Test
    @Order(2)
    void dashboardShowsTheCounts() throws Exception {
        driver.get(url("/"));
        assertThat(List.of(text("hosts-total"), text("hosts-on"), text("hosts-off"), text("hosts-error"))).containsExactly("2", "2", "0", "0");
        assertThat(List.of(text("vms-total"), text("vms-active"), text("vms-pending"), text("vms-failed"), text("vms-stuck")))
                .containsExactly("4", "3", "1", "0", "1");
        assertThat(text("cpu-alloc")).isEqualTo("1.25 / 16 CPUs");
        assertThat(text("cluster-line")).contains("Quorate", "service:opennebula", "started", "one-server1");
        assertThat(text("stuck-vms")).contains("db", "ACTIVE/BOOT");
        shot("02-dashboard");
        driver.get(url("/vms"));
        assertThat(text("vm-list")).contains("web", "runn", "db", "boot", "batch", "pend");
        shot("03-vms");
        driver.get(url("/hosts"));
        assertThat(text("host-list")).contains("one-host1", "one-host2", "on");
        shot("04-hosts");
    }

    @Test
    @Order(3)
    void recoversTheStuckVmFromTheUi() throws Exception {
        driver.get(url("/vms/" + stuck));
        assertThat(text("vm-state")).isEqualTo("ACTIVE/BOOT");
        assertThat(text("recover-warning")).contains("Check the VM on its host before you choose");
        driver.findElement(By.id("recover-op-1")).click(); // It runs: mark RUNNING
        driver.findElement(By.id("recover-checked")).click();
        shot("05-vm-recover");
        driver.findElement(By.id("recover-submit")).click();
        Poll.until(Duration.ofSeconds(10), () -> text("flash").startsWith("Recover sent"), () -> driver.getPageSource());
        Poll.until(Duration.ofSeconds(15), () -> {
            driver.navigate().refresh();
            return text("vm-state").equals("ACTIVE/RUNNING");
        }, () -> text("vm-state"));
        assertThat(driver.findElements(By.id("recover-form"))).isEmpty();
        assertThat(text("vm-history")).contains("one-host1");
        shot("06-vm-recovered");
    }

    @Test
    @Order(4)
    void clusterPanelShowsMembersServicesFencingAndUpdatesLive() throws Exception {
        driver.get(url("/cluster"));
        assertThat(text("members")).contains("one-server1", "Online", "one-server2", "Offline");
        assertThat(text("services")).contains("service:opennebula", "started", "one-server1");
        assertThat(text("fence-history")).contains("one-server2: fenced by xvm");
        assertThat(text("cman")).contains("Expected votes", "1");
        shot("07-cluster");
        // fail-over: service now on one-server2, both members online; the page updates without a reload
        cloud.fakeTool("clustat", TestCloud.clustat("one-server2", "started", true, true));
        Poll.until(Duration.ofSeconds(15), () -> text("services").contains("started one-server2"), () -> text("services"));
        assertThat(text("members")).doesNotContain("Offline");
        shot("08-cluster-after-failover");
    }

    @Test
    @Order(5)
    void staysLoggedInWhenSunstoneMovesToAnotherNodeWithTheSharedFiles() throws Exception {
        server.close();
        server = new SunstoneServer(cloud.sunstoneConf(tmp.resolve("sessions"))).start(); // new process, new port, same files
        driver.get(url("/"));
        assertThat(driver.getCurrentUrl()).doesNotEndWith("/login");
        assertThat(text("user")).isEqualTo("oneadmin");
        assertThat(text("vms-stuck")).isEqualTo("0");
        shot("09-dashboard-after-move");
    }

    @Test
    @Order(6)
    void instantiatesATemplateFromThePageAndSeesTheVmItsImageAndItsLease() throws Exception {
        int ds = (Integer) cloud.client.call("one.datastore.allocate", "NAME = quick\nDS_MAD = dummy\nTM_MAD = dummy", -1);
        int img = (Integer) cloud.client.call("one.image.allocate", "NAME = debian\nPATH = /img/debian.qcow2", ds);
        int net = (Integer) cloud.client.call("one.vn.allocate", "NAME = lan\nTYPE = RANGED\nBRIDGE = br0\nNETWORK_ADDRESS = 10.3.0.0/24", -1);
        int t = (Integer) cloud.client.call("one.template.allocate",
                "NAME = webserver\nMEMORY = 64\nCPU = 0.25\nDISK = [ IMAGE_ID = " + img + " ]\nNIC = [ NETWORK_ID = " + net + " ]");
        driver.get(url("/"));
        driver.findElement(By.id("nav-templates")).click();
        Poll.until(Duration.ofSeconds(10), () -> text("template-list").contains("webserver"), () -> driver.getPageSource());
        assertThat(text("template-list")).contains("webserver", "oneadmin", "0.25", "64 MB");
        driver.findElement(By.id("instantiate-name-" + t)).sendKeys("web-from-ui");
        shot("10-templates");
        driver.findElement(By.id("instantiate-" + t)).click();
        Poll.until(Duration.ofSeconds(10), () -> text("flash").contains("created from template " + t), () -> driver.getPageSource());
        assertThat(driver.getCurrentUrl()).contains("/vms/");
        assertThat(text("vm-state")).isEqualTo("PENDING");
        driver.findElement(By.id("nav-vms")).click();
        Poll.until(Duration.ofSeconds(10), () -> text("vm-list").contains("web-from-ui"), () -> driver.getPageSource());
        shot("11-vm-from-template");
        driver.findElement(By.id("nav-images")).click();
        Poll.until(Duration.ofSeconds(10), () -> text("image-list").contains("debian"), () -> driver.getPageSource());
        assertThat(text("image-list")).contains("debian", "quick", "OS", "USED");
        shot("12-images");
        driver.findElement(By.id("nav-vnets")).click();
        Poll.until(Duration.ofSeconds(10), () -> text("vnet-list").contains("lan"), () -> driver.getPageSource());
        assertThat(text("vnet-list")).contains("lan", "RANGED", "br0", "10.3.0.1 - 10.3.0.254");
        assertThat(text("leases-" + net)).contains("10.3.0.1", "02:00:0a:03:00:01", "used");
        shot("13-vnets");
    }
}
