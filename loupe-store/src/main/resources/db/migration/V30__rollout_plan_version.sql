-- Each write of a model's roll-out plan gets the next number, so that a writer that read the plan can replace
-- it only if it is still the write it read (RolloutRepository.replace): the pipeline ending its own canary
-- must not overwrite a plan a person saved in between. Neither actor nor updated_ms tells two writes apart:
-- every pipeline write is actor 'pipeline', and times are the writers' clocks, in milliseconds. A plan stored
-- before this migration is write 1.
ALTER TABLE rollout_plan ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
