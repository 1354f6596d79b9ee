-- Which of a prediction's values are NaN (a statistic undefined for its image, a model that answered NaN). SQLite
-- has no NaN (it stores one as NULL, which a NOT NULL score refused, failing the whole batch), and a NULL
-- statistic read back as 0 (a low value: a drift downward). A bit per value, bit i for the i-th image statistic
-- (brightness, contrast, sharpness, red, green, blue, saturation) and bit 7 (128) for the score; NULL when none.
-- A NaN statistic is stored as NULL, a NaN score as 0. An old row has no NaN.
ALTER TABLE prediction_log ADD COLUMN nan_values INTEGER;
