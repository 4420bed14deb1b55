-- Reloads started by a change of the watched files (--watch) and by POST /-/reload
-- (--enable-lifecycle) are recorded with their own trigger names.
ALTER TABLE reload DROP CONSTRAINT reload_trigger_ck;
ALTER TABLE reload ADD CONSTRAINT reload_trigger_ck CHECK (trigger IN ('STARTUP', 'SIGHUP', 'CLI', 'WATCH', 'HTTP'));
