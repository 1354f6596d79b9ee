package dev.loupe.data.validate;

import dev.loupe.core.dataset.Sample;

import java.util.List;

/** One family of validation checks over a version's samples. Stateless and thread-safe. */
interface Check {
    List<Finding> run(List<Sample> samples);
}
