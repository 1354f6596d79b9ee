package dev.loupe.data.validate;

import dev.loupe.core.dataset.Sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Mixed image sizes (warning), mixed grayscale and colour (warning) and mixed file formats (info: decoding
 * hides it, but JPEG artefacts can become a shortcut the model learns). Each finding names the files that
 * differ from the most common value.
 */
final class ConsistencyCheck implements Check {
    @Override
    public List<Finding> run(List<Sample> samples) {
        List<Sample> readable = samples.stream().filter(Sample::readable).toList();
        List<Finding> out = new ArrayList<>();
        mixed(readable, d -> d.width() + "x" + d.height(), FindingType.MIXED_SIZES, Severity.WARNING, "sizes", out);
        mixed(readable, d -> d.channels() == 1 ? "grayscale" : "colour", FindingType.MIXED_CHANNELS, Severity.WARNING,
                "channel layouts", out);
        mixed(readable, Sample.ImageInfo.Decoded::format, FindingType.MIXED_FORMATS, Severity.INFO, "file formats", out);
        return out;
    }

    private static void mixed(List<Sample> readable, Function<Sample.ImageInfo.Decoded, String> key, FindingType type,
                              Severity severity, String what, List<Finding> out) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (Sample s : readable) {
            groups.computeIfAbsent(key.apply((Sample.ImageInfo.Decoded) s.image()), k -> new ArrayList<>()).add(s.path());
        }
        if (groups.size() < 2) {
            return;
        }
        String common = groups.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, List<String>> e) -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
        Map<String, Object> counts = new LinkedHashMap<>();
        List<String> odd = new ArrayList<>();
        groups.forEach((k, v) -> {
            counts.put(k, v.size());
            if (!k.equals(common)) {
                odd.addAll(v);
            }
        });
        out.add(new Finding(type, severity, groups.size() + " " + what + " " + counts + "; " + odd.size()
                + " files differ from the most common, " + common, odd, Map.of("counts", counts, "most_common", common)));
    }
}
