-- The home dashboard (issue 11) counts whole sets of rows, so its statements read indexes that
-- carry every column they need (index-only scans; the visibility map is kept by autovacuum).
-- Open cases by owner, age and due date: the index of a caseworker's cases in hand gains the
-- sensitivity need-to-know reads.
DROP INDEX cases_owner_active;
CREATE INDEX cases_owner_active ON cases (office_id, owner_user_id, due_on, opened_at DESC, id) INCLUDE (sensitive) WHERE status <> 'closed';
-- Cases closed per week and the time they took, from the latest back.
CREATE INDEX cases_closed ON cases (office_id, closed_at) INCLUDE (opened_at, owner_user_id, sensitive, id) WHERE closed_at IS NOT NULL;
-- Messages waiting in the inbox, by how long since they arrived and whom they are given to.
CREATE INDEX messages_waiting ON messages (office_id, received_at) INCLUDE (assignee_user_id) WHERE state = 'inbox';
