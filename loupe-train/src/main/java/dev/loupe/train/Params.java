package dev.loupe.train;

import java.util.Map;
import java.util.TreeMap;

/**
 * A trainer's parameters: the given {@code k=v} pairs over the trainer's defaults. Unknown names and
 * unparsable or out-of-range values are {@link ParamException}s naming the parameter. The static
 * {@link #number(String, String, String, double, double)} reads one value for a trainer that takes any name.
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
                throw new ParamException(trainer, k, "the " + trainer + " trainer has no such parameter (it takes "
                        + String.join(", ", new TreeMap<>(defaults).keySet()) + ")");
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
        String text = values.get(name);
        int v;
        try {
            v = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ParamException(trainer, name, "expected a whole number, got '" + text + "'");
        }
        if (v < min || v > max) {
            throw new ParamException(trainer, name, "expected " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    public double number(String name, double min, double max) {
        return number(trainer, name, values.get(name), min, max);
    }

    /**
     * {@code text} as a number within {@code [min, max]}.
     *
     * @throws ParamException naming {@code trainer} and {@code name} when it is not a number or out of range
     */
    public static double number(String trainer, String name, String text, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new ParamException(trainer, name, "expected a number, got '" + text + "'");
        }
        if (!(v >= min && v <= max)) {
            throw new ParamException(trainer, name, "expected a number in [" + min + ", " + max + "], got " + text.strip());
        }
        return v;
    }
}
