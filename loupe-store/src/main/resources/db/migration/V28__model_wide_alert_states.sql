-- Alert rules were named MODEL: EXPRESSION until each model version got its own (MODEL/VERSION: EXPRESSION).
-- No evaluator writes a state under an old name again, so one left FIRING or PENDING stayed for good among the
-- console's active alerts, and 'loupe monitor alerts' listed it and exited 1. They go, with their transitions.
-- A name is an old one when it starts with 'MODEL: ' for a model with a monitoring reference (only those had
-- rules evaluated) or in the registry. Compared as text, not with LIKE: model names may hold '_'.
DELETE FROM alert_history WHERE
    EXISTS (SELECT 1 FROM monitor_reference r WHERE substr(alert_history.rule, 1, length(r.model) + 2) = r.model || ': ')
    OR EXISTS (SELECT 1 FROM registered_models m WHERE substr(alert_history.rule, 1, length(m.name) + 2) = m.name || ': ');
DELETE FROM alert_state WHERE
    EXISTS (SELECT 1 FROM monitor_reference r WHERE substr(alert_state.rule, 1, length(r.model) + 2) = r.model || ': ')
    OR EXISTS (SELECT 1 FROM registered_models m WHERE substr(alert_state.rule, 1, length(m.name) + 2) = m.name || ': ');
