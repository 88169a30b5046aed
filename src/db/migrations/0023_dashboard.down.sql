DROP INDEX messages_waiting;
DROP INDEX cases_closed;
DROP INDEX cases_owner_active;
CREATE INDEX cases_owner_active ON cases (office_id, owner_user_id, due_on, opened_at DESC, id) WHERE status <> 'closed';
