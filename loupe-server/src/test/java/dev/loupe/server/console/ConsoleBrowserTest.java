package dev.loupe.server.console;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.Feedback;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.server.LoupeServer;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console end to end in headless Chromium against a server seeded through the real stores
 * ({@link ConsoleSeed}): every page shows its content, an operator promotes a model, a reviewer labels
 * with one key, dataset images are relabelled into a new version. Screenshots go to target/screenshots.
 */
class ConsoleBrowserTest {
    @TempDir
    static Path dir;

    static SqliteMetadataStore store;
    static FileBlobStore blobs;
    static LoupeServer server;
    static ConsoleSeed seed;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        blobs = new FileBlobStore(dir.resolve("blobs"));
        seed = ConsoleSeed.seed(store, blobs, dir, Instant.now());
        server = LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0), store, blobs, ConsoleConfig.defaults());
        browser = new Browser(dir.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
        blobs.close();
        store.close();
    }

    private WebElement open(String path, String waitFor) {
        browser.driver.get(server.url() + path);
        return new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(waitFor)));
    }

    private void awaitChart(String canvasId) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id(canvasId), "data-drawn", "true"));
    }

    /** Whether every image the selector matches loaded (lazy images are scrolled into view first). */
    private boolean imagesLoaded(String selector) {
        try {
            new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                    "var imgs = document.querySelectorAll(arguments[0]);"
                            + "Array.prototype.forEach.call(imgs, function (i) { i.loading = 'eager'; });"
                            + "return imgs.length > 0 && Array.prototype.every.call(imgs, function (i) { return i.complete && i.naturalWidth > 0; });",
                    selector)));
            return true;
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        }
    }

    @Test
    void everyTab_loadsWithoutErrorsInTheBrowsersConsole() {
        browser.consoleErrors(); // what earlier tests left
        List<String> errors = new java.util.ArrayList<>();
        for (Layout.Tab tab : Layout.TABS) {
            open(tab.path(), "main h1");
            new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                    .until(d -> "complete".equals(browser.driver.executeScript("return document.readyState")));
            browser.consoleErrors().forEach(e -> errors.add(tab.path() + ": " + e));
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void overview_showsModelsAliasesAlertsAndTheLastHour() throws Exception {
        WebElement models = open("/", "#models");
        assertThat(models.getText()).contains(ConsoleSeed.MODEL);
        assertThat(browser.driver.findElement(By.cssSelector("#models td.champion")).getText()).isEqualTo("v1");
        assertThat(browser.driver.findElement(By.cssSelector("#models td.challenger")).getText()).isEqualTo("v2");
        assertThat(browser.driver.findElement(By.id("alerts")).getText()).contains("drift-brightness", "brightness");
        assertThat(browser.driver.findElement(By.id("throughput")).getText()).contains(ConsoleSeed.MODEL, String.valueOf(ConsoleSeed.PREDICTIONS));
        awaitChart("decision-mix");
        browser.screenshot("1-overview");
    }

    @Test
    void data_showsVersionsValidationAgreementAndTheRelabelQueue() throws Exception {
        assertThat(open("/data", "#datasets").getText()).contains(ConsoleSeed.DATASET);
        browser.driver.findElement(By.linkText(ConsoleSeed.DATASET + "@" + seed.dataset.id().substring(0, 12))).click();
        WebElement verdict = new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("verdict")));
        assertThat(verdict.getText()).contains("24 samples", "unlabelled: ").doesNotContain("{");
        assertThat(browser.driver.findElement(By.id("findings")).getText()).containsIgnoringCase("unlabel");
        assertThat(imagesLoaded("#findings img.thumb")).isTrue();
        assertThat(browser.driver.findElement(By.id("agreement")).getText()).contains("ann", "bob");
        assertThat(browser.driver.findElements(By.cssSelector("#relabel .relabel-item"))).hasSizeGreaterThanOrEqualTo(4);
        browser.screenshot("2-data");
    }

    @Test
    void data_labelsFromTheKeyboard_becomeANewVersionWithThisParent() throws Exception {
        DatasetVersion parent = seed.dataset;
        open("/data/" + parent.name() + "/" + parent.id(), "#relabel");
        List<WebElement> items = browser.driver.findElements(By.cssSelector(".relabel-item"));
        String first = items.getFirst().getAttribute("data-path");
        browser.driver.findElement(By.tagName("body")).sendKeys("o");
        assertThat(items.getFirst().findElement(By.tagName("select")).getAttribute("value")).isEqualTo("ok");
        browser.driver.findElement(By.id("save-labels")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("created")));
        DatasetVersion child = store.datasets().list(parent.name()).stream()
                .filter(v -> v.parent().equals(Optional.of(parent.id()))).findFirst().orElseThrow();
        assertThat(child.createdBy()).isEqualTo(LoopbackAuth.ACTOR);
        assertThat(store.datasets().samples(child).stream().filter(s -> s.path().equals(first)).findFirst().orElseThrow().label())
                .contains("ok");
        browser.screenshot("2-data-relabelled");
    }

    @Test
    void experiments_compareTwoRuns_sideBySideWithStepCharts() throws Exception {
        open("/experiments", "#runs");
        for (WebElement box : browser.driver.findElements(By.cssSelector("#runs input[type=checkbox]"))) {
            box.click();
        }
        browser.driver.findElement(By.id("compare")).click();
        WebElement table = new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("comparison")));
        assertThat(table.getText()).contains("baseline", "cnn", "param lr", "0.01", "0.001", "metric auc");
        awaitChart("metric-loss");
        browser.screenshot("3-experiments-compare");
    }

    @Test
    void models_showVersionsAuditAndStoredEvaluation() throws Exception {
        assertThat(open("/models/" + ConsoleSeed.MODEL, "#versions").getText()).contains("champion", "challenger");
        assertThat(browser.driver.findElement(By.id("eval-v2")).getText()).contains("lighting", "dim", "0.810");
        assertThat(imagesLoaded("#eval-v2 .worst img")).isTrue();
        assertThat(browser.driver.findElement(By.id("audit")).getText()).contains("set-alias", "first model");
        browser.screenshot("4-models");
    }

    @Test
    void models_operatorPromotes_movesTheChampionAndAudits() throws Exception {
        open("/models/" + ConsoleSeed.MODEL, "#promote-2");
        WebElement form = browser.driver.findElement(By.id("promote-2"));
        form.findElement(By.name("reason")).sendKeys("recall 0.95 on the test split");
        form.findElement(By.tagName("button")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        assertThat(store.registry().versionByAlias(ConsoleSeed.MODEL, "champion")).map(v -> v.version()).contains(2);
        AuditEntry last = store.registry().history(ConsoleSeed.MODEL).getLast();
        assertThat(last.change().actor()).isEqualTo(LoopbackAuth.ACTOR);
        assertThat(last.change().before()).isEqualTo("champion=1");
        assertThat(last.change().after()).isEqualTo("champion=2");
        assertThat(last.change().reason()).isEqualTo("promote: recall 0.95 on the test split");
        assertThat(browser.driver.findElement(By.id("audit")).getText()).contains("promote: recall 0.95");
        assertThat(browser.driver.findElement(By.id("done")).getText()).startsWith("Promoted: v2 is now the champion (was v1).");
        browser.screenshot("4-models-promoted");
    }

    @Test
    void monitoring_showsStatisticsAgainstReferenceAlarmsAndBeforeAfterImages() throws Exception {
        assertThat(open("/monitoring", "#monitored").getText()).contains(ConsoleSeed.MODEL);
        // the seed's traffic is v1's; another test may have promoted v2, which the page shows by default
        open("/monitoring/" + ConsoleSeed.MODEL + "?version=1", "#alarms");
        assertThat(browser.driver.findElement(By.id("alarms")).getText()).contains("brightness", "down", "12.000");
        awaitChart("stat-brightness");
        awaitChart("score-distribution");
        Object datasets = browser.driver.executeScript(
                "return JSON.parse(document.getElementById('stat-brightness').dataset.chart).data.datasets.map(function (d) { return d.label; });");
        assertThat(datasets.toString()).contains("reference 5th pct", "mean per bucket", "alarm: estimated start");
        assertThat(imagesLoaded("#before img")).isTrue();
        assertThat(imagesLoaded("#after img")).isTrue();
        browser.screenshot("5-monitoring");
    }

    @Test
    void review_oneKeyLabelsTheCurrentImage_andTheLabelReachesTheFeedbackStore() throws Exception {
        open("/review", ".review-item.current");
        WebElement current = browser.driver.findElement(By.cssSelector(".review-item.current"));
        String request = current.getAttribute("data-request");
        assertThat(seed.reviewRequests).contains(request);
        assertThat(imagesLoaded(".review-item img")).isTrue();
        browser.screenshot("6-review");
        browser.driver.findElement(By.tagName("body")).sendKeys("d");
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(current, "data-labelled", "defect"));
        assertThat(store.feedback().forRequest(request)).extracting(Feedback::label, Feedback::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("defect", LoopbackAuth.ACTOR));
        assertThat(browser.driver.findElement(By.cssSelector(".review-item.current")).getAttribute("data-request")).isNotEqualTo(request);
        browser.screenshot("6-review-labelled");
    }

    @Test
    void live_showsNewDecisionsAsTheyAreLogged() throws Exception {
        open("/live", "#live-rows");
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.tagName("body")).getAttribute("data-live-events") != null);
        store.predictions().append(List.of(new LoggedPrediction(Instant.now(), ConsoleSeed.MODEL, "2", "line-7", "live-1",
                ConsoleSeed.stats(0.5), 0.91, "defect", Decision.REJECT, 1_500_000, Optional.empty())));
        WebElement row = new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tbody[@id='live-rows']/tr[td[text()='live-1']]")));
        assertThat(row.getText()).contains("line-7", "REJECT", "0.910");
        assertThat(browser.driver.findElement(By.id("live-fps")).getText()).isNotEqualTo("–");
        browser.screenshot("7-live");
    }
}
