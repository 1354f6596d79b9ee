package dev.loupe.data.validate;

import dev.loupe.core.dataset.Sample;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Files that did not decode: one error finding per file, with the decoder's reason. */
final class UnreadableCheck implements Check {
    @Override
    public List<Finding> run(List<Sample> samples) {
        return samples.stream().filter(s -> s.image() instanceof Sample.ImageInfo.Unreadable).map(s -> {
            String reason = ((Sample.ImageInfo.Unreadable) s.image()).reason();
            Map<String, Object> details = new TreeMap<>(Map.of("reason", reason, "split", s.split().lower()));
            return new Finding(FindingType.UNREADABLE, Severity.ERROR, s.path() + ": " + reason, List.of(s.path()), details);
        }).toList();
    }
}
