-- The durable job table: e-mail sending, retention sweeps, reminders (src/platform/jobs).
--
-- A job's payload holds ids only (a case id, a message id, a policy id), NEVER personal data:
-- the handler reads what it needs from the office's tables when it runs, so that erasing a
-- person leaves nothing of them behind in the queue, and the queue can be shown and logged.
--
-- Row level security as on every office table: a request session sees and writes only its
-- office's jobs (and never a deployment-wide one, office_id NULL). The runner claims due jobs of
-- every office through the owner's connection, which the policy does not restrict; each handler
-- then runs inside withOffice() for its job's office.
-- The primary key is id alone, not (office_id, id), because office_id may be NULL; a sharded
-- deployment keeps this table on the coordinator.
CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  office_id uuid REFERENCES offices (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9]*([._-][a-z0-9]+)*$' AND length(kind) <= 100),
  -- ids only, never personal data (see above); the runner also caps its size
  payload jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object' AND length(payload::text) <= 8192),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 100),
  -- the message of the most recent failed attempt (never a stack trace)
  last_error text CHECK (length(last_error) <= 2000),
  -- the worker holding the job (kept after it finishes: which worker ran it)
  locked_by text,
  -- the lease: past this, the worker is presumed dead and another may claim the job
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  -- at most one unfinished job per (office, kind, dedupe_key)
  dedupe_key text CHECK (length(dedupe_key) BETWEEN 1 AND 200),
  CHECK ((status IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL)),
  CHECK (status <> 'running' OR (locked_by IS NOT NULL AND locked_until IS NOT NULL))
);

-- NULLS NOT DISTINCT so that deployment-wide jobs (office_id NULL) are deduplicated too.
CREATE UNIQUE INDEX jobs_dedupe ON jobs (office_id, kind, dedupe_key) NULLS NOT DISTINCT
  WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');

-- Claiming: due queued jobs, and running jobs whose lease has expired.
CREATE INDEX jobs_due ON jobs (run_at) WHERE status = 'queued';
CREATE INDEX jobs_leases ON jobs (locked_until) WHERE status = 'running';

-- The office's jobs page: newest first, all or one status; counts by status.
CREATE INDEX jobs_office_created ON jobs (office_id, created_at DESC, id DESC);
CREATE INDEX jobs_office_status ON jobs (office_id, status, created_at DESC, id DESC);

SELECT postbag_isolate('jobs');
-- Deleting finished jobs is left to the owner's sweep.
REVOKE DELETE ON jobs FROM postbag_app;
