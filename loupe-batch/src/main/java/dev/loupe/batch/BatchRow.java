package dev.loupe.batch;

import dev.loupe.data.imports.Csv;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One scored item, as every batch output (CSV here, CSV or Parquet on Spark) writes it.
 *
 * @param item  the item's id: its path relative to the input folder, or the dataset sample's path
 * @param label the predicted label; empty when the item failed
 * @param score the positive label's probability as the model computed it (an FP32 widened to double, so
 *              its text form round-trips exactly); NaN when the item failed
 * @param error why the item has no score (unreadable, corrupt image...); empty when it has one
 */
public record BatchRow(String item, String label, double score, String error) implements Serializable {
    /** The CSV header, in column order. */
    public static final List<String> COLUMNS = List.of("item", "label", "score", "error");

    public BatchRow {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(error, "error");
    }

    public static BatchRow scored(String item, String label, double score) {
        return new BatchRow(item, label, score, "");
    }

    public static BatchRow failed(String item, String error) {
        return new BatchRow(item, "", Double.NaN, error);
    }

    public boolean failedToScore() {
        return !error.isEmpty();
    }

    public OptionalDouble scoreIfAny() {
        return failedToScore() ? OptionalDouble.empty() : OptionalDouble.of(score);
    }

    /** The CSV record, without the line end. */
    public String csv() {
        return Csv.line(List.of(item, label, failedToScore() ? "" : Double.toString(score), error));
    }

    /** Parses a record written by {@link #csv()}. */
    public static BatchRow parse(List<String> fields) {
        if (fields.size() != COLUMNS.size()) {
            throw new IllegalArgumentException("a batch row has " + COLUMNS.size() + " fields, got " + fields.size() + ": " + fields);
        }
        String score = fields.get(2);
        return new BatchRow(fields.get(0), fields.get(1), score.isEmpty() ? Double.NaN : Double.parseDouble(score), fields.get(3));
    }
}
