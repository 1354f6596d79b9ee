package dev.loupe.train;

import java.util.Map;
import java.util.TreeMap;

/**
 * A trainer's parameters: the given {@code k=v} pairs over the trainer's defaults. Unknown names and
 * unparsable values are {@link IllegalArgumentException}s naming the parameter.
 */
public final class Params {

    private final String trainer;
    private final Map<String, String> values;

    /**
     * @param trainer  the trainer's name, for messages
     * @param defaults every parameter the trainer knows, with its default
     * @param given    what the user gave
     */
    public Params(String trainer, Map<String, String> defaults, Map<String, String> given) {
        this.trainer = trainer;
        for (String k : given.keySet()) {
            if (!defaults.containsKey(k)) {
                throw new IllegalArgumentException("the " + trainer + " trainer has no parameter '" + k
                        + "' (it takes " + String.join(", ", new TreeMap<>(defaults).keySet()) + ")");
            }
        }
        Map<String, String> v = new TreeMap<>(defaults);
        v.putAll(given);
        this.values = Map.copyOf(v);
    }

    /** Every parameter with its effective value, for lineage. */
    public Map<String, String> effective() {
        return new TreeMap<>(values);
    }

    public String text(String name) {
        return values.get(name);
    }

    public int integer(String name, int min, int max) {
        try {
            int v = Integer.parseInt(values.get(name).strip());
            if (v < min || v > max) {
                throw new IllegalArgumentException(trainer + " parameter " + name + " must be " + min + ".." + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(trainer + " parameter " + name + " must be a whole number, got '" + values.get(name) + "'");
        }
    }

    public double number(String name, double min, double max) {
        try {
            double v = Double.parseDouble(values.get(name).strip());
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException(trainer + " parameter " + name + " must be in [" + min + ", " + max + "], got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(trainer + " parameter " + name + " must be a number, got '" + values.get(name) + "'");
        }
    }
}
