package dev.loupe.core.project;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression, {@code minute hour day-of-month month day-of-week}, in UTC: each field
 * is {@code *}, a number, a range {@code a-b}, a list {@code a,b}, with an optional step {@code /n}
 * ({@code *&#47;15}). Day of week 0 or 7 is Sunday. As in Vixie cron, when both day fields are
 * restricted a day matching either is a match. Immutable.
 */
public final class Cron {
    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean anyDay;
    private final boolean anyWeekday;

    private Cron(String text, String[] f) {
        this.text = text;
        this.minutes = field(f[0], 0, 59, "minute");
        this.hours = field(f[1], 0, 23, "hour");
        this.days = field(f[2], 1, 31, "day of month");
        this.months = field(f[3], 1, 12, "month");
        BitSet wd = field(f[4], 0, 7, "day of week");
        if (wd.get(7)) {
            wd.set(0);
        }
        this.weekdays = wd;
        this.anyDay = f[2].startsWith("*");
        this.anyWeekday = f[4].startsWith("*");
    }

    /** @throws IllegalArgumentException naming the field that does not parse */
    public static Cron parse(String text) {
        String[] f = text.strip().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("a cron expression has 5 fields (minute hour day month weekday), got " + f.length);
        }
        return new Cron(text.strip(), f);
    }

    /** The first matching minute strictly after {@code t}. */
    public Instant nextAfter(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int i = 0; i < 366 * 24 * 60 * 5; i++) {
            if (matches(z)) {
                return z.toInstant();
            }
            z = z.plusMinutes(1);
        }
        throw new IllegalStateException("cron '" + text + "' never matches");
    }

    private boolean matches(ZonedDateTime z) {
        if (!minutes.get(z.getMinute()) || !hours.get(z.getHour()) || !months.get(z.getMonthValue())) {
            return false;
        }
        boolean day = days.get(z.getDayOfMonth());
        boolean weekday = weekdays.get(z.getDayOfWeek().getValue() % 7);
        if (anyDay && anyWeekday) {
            return true;
        }
        if (anyDay) {
            return weekday;
        }
        if (anyWeekday) {
            return day;
        }
        return day || weekday;
    }

    private static BitSet field(String f, int min, int max, String name) {
        BitSet out = new BitSet();
        for (String part : f.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, name);
                range = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                lo = number(range.substring(0, range.indexOf('-')), min, max, name);
                hi = number(range.substring(range.indexOf('-') + 1), min, max, name);
                if (lo > hi) {
                    throw new IllegalArgumentException(name + " range '" + range + "' runs backwards");
                }
            } else {
                lo = number(range, min, max, name);
                hi = slash >= 0 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int number(String s, int min, int max, String name) {
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be " + min + "-" + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + s + "' is not a number, *, a range or a list");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
