package dev.loupe.data.version;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.store.Sha256;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content hash that identifies a dataset version: SHA-256 over its samples sorted by path (path, blob,
 * label, annotations, metadata, split) and the split ratios. Every string is length-prefixed, so no two
 * different contents encode alike. The name, lineage and time are not content and are not hashed.
 */
public final class VersionId {
    /** Digits printed for humans; any unique prefix of at least 4 is accepted back. */
    public static final int SHORT_LENGTH = 12;

    private VersionId() {
    }

    public static String of(List<Sample> samples, SplitRatios ratios) {
        MessageDigest md = Sha256.newDigest();
        put(md, "loupe.dataset/1");
        List<Sample> sorted = samples.stream().sorted(Comparator.comparing(Sample::path)).toList();
        for (Sample s : sorted) {
            put(md, s.path());
            put(md, s.blob().sha256());
            put(md, s.label().map(l -> "=" + l).orElse("-"));
            putMap(md, s.annotations());
            putMap(md, s.metadata());
            put(md, s.split().lower());
        }
        put(md, ratios.toString());
        return HexFormat.of().formatHex(md.digest());
    }

    public static String shortId(String id) {
        return id.substring(0, Math.min(SHORT_LENGTH, id.length()));
    }

    private static void putMap(MessageDigest md, Map<String, String> map) {
        TreeMap<String, String> sorted = new TreeMap<>(map);
        md.update(ByteBuffer.allocate(4).putInt(sorted.size()).array());
        sorted.forEach((k, v) -> {
            put(md, k);
            put(md, v);
        });
    }

    private static void put(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }
}
