-- The H2 console's read-only user (CONSOLE) may read the views and nothing else, so the views
-- alone must answer what an operator asks there: which file a reload loaded, when it finished,
-- and why it was rejected. V1's reload_history shows none of that; the new columns go last, so
-- the first eight read as before.
CREATE OR REPLACE VIEW reload_history AS
SELECT r.id,
       DATE_TRUNC(SECOND, r.requested_at) AS requested_at,
       r.trigger,
       r.outcome,
       r.bots_changed,
       r.change_count AS changes,
       r.summary,
       ROUND(r.duration_ms, 1) AS duration_ms,
       -- the config_versions row this reload read (NULL when the file could not be read)
       r.new_version_id AS config_version,
       -- "which version ran at 21:30?" compares with this: a version runs from here on
       DATE_TRUNC(SECOND, r.finished_at) AS finished_at,
       -- one per line, file:line:col: message; NULL unless REJECTED, PARTIAL or INTERRUPTED
       r.problems
FROM reload r
ORDER BY r.id DESC;
