package dev.loupe.server.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@code application/x-www-form-urlencoded} body, as the console's forms and scripts post it. */
record Form(Map<String, List<String>> fields) {

    static Form parse(String body) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (!body.isEmpty()) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        return new Form(m);
    }

    Optional<String> first(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    /** A field that must be present and not blank. */
    String required(String name) {
        return first(name).filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("missing form field '" + name + "'"));
    }
}
