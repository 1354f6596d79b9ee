-- When each image was placed in its pack (epoch ms; NULL for rows written before V31). Retention leaves a pack
-- placed in the last minutes alone: its predictions may not be written yet, so no record points at its images.
ALTER TABLE packed_image ADD COLUMN packed_ms BIGINT;
