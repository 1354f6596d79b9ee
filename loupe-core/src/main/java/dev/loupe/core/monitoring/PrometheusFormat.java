package dev.loupe.core.monitoring;

/**
 * The pieces of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/) that every Loupe metrics page writes the
 * same way: a family's HELP and TYPE lines, a label set, a sample value. Serving ({@code loupe-serve}) and
 * monitoring ({@code loupe-monitor}) render their families with these.
 */
public final class PrometheusFormat {
    /** What a metrics page is served as. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusFormat() {
    }

    /** A family's {@code # HELP} and {@code # TYPE} lines. */
    public static void family(StringBuilder sb, String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** {@code {k1="v1",k2="v2"}} from alternating names and values, the values escaped. */
    public static String labels(String... kv) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(kv[i]).append("=\"").append(kv[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return sb.append('}').toString();
    }

    /** A sample value: whole numbers without a fraction, {@code NaN}, {@code +Inf} and {@code -Inf} as the format spells them. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
