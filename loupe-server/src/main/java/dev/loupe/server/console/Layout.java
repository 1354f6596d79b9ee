package dev.loupe.server.console;

import java.util.List;

/** The page shell: head, navigation, the page's body and its scripts. */
final class Layout {
    record Tab(String path, String title) {
    }

    static final List<Tab> TABS = List.of(new Tab("/", "Overview"), new Tab("/data", "Data"),
            new Tab("/experiments", "Experiments"), new Tab("/models", "Models"), new Tab("/monitoring", "Monitoring"),
            new Tab("/review", "Review"), new Tab("/live", "Live"));

    private Layout() {
    }

    /**
     * A whole page. {@code body} is markup built with {@link Html}; {@code charts} adds the chart library.
     */
    static String page(String title, String activeTab, Principal who, Html body, boolean charts) {
        Html h = new Html();
        h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<title>").text(title).raw(" · Loupe</title>")
                .raw("<link rel=\"stylesheet\" href=\"/assets/console.css\">")
                // without one the browser asks for /favicon.ico, a 404 in every page's console log
                .raw("<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">");
        if (charts) {
            h.raw("<script src=\"/assets/chart.umd.js\" defer></script>");
        }
        h.raw("<script src=\"/assets/console.js\" defer></script></head><body><header><span class=\"brand\">Loupe</span><nav>");
        for (Tab t : TABS) {
            h.raw("<a").attr("href", t.path()).raw(t.path().equals(activeTab) ? " class=\"active\"" : "").raw(">")
                    .text(t.title()).raw("</a>");
        }
        h.raw("</nav><span class=\"who\">").text(who.name() + " · " + who.role().name().toLowerCase(java.util.Locale.ROOT))
                .raw("</span></header><main>");
        h.el("h1", title);
        h.raw(body.toString());
        return h.raw("</main></body></html>").toString();
    }
}
