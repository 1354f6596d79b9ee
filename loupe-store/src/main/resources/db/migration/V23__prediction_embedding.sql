-- The model's embedding of each logged image (little-endian float32s), for the embedding drift
-- detector when a model version's log is replayed. NULL for models without an embedding output.
ALTER TABLE prediction_log ADD COLUMN embedding ${blob};
