-- Campaign mail (issue 11): messages whose normalised text is the same form one group, shown in
-- the inbox as one item and answered with one reply. The signature is an HMAC of that text under
-- a key derived for the office (the key store's), so the table holds no text of anyone's.
CREATE TABLE campaign_groups (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  signature bytea NOT NULL CHECK (length(signature) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, signature)
);
SELECT postbag_isolate('campaign_groups');

-- A message waiting in the inbox, in its group; it leaves the group when it leaves the inbox (filed,
-- archived, answered) or is ungrouped as casework. Deleting the message (erasure) takes the row.
CREATE TABLE campaign_members (
  office_id uuid NOT NULL,
  message_id uuid NOT NULL,
  group_id uuid NOT NULL,
  PRIMARY KEY (office_id, message_id),
  FOREIGN KEY (office_id, message_id) REFERENCES messages (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, group_id) REFERENCES campaign_groups (office_id, id) ON DELETE CASCADE
);
-- The inbox hides every member but a group's newest, and counts a group's members, by this index.
CREATE INDEX campaign_members_group ON campaign_members (office_id, group_id, message_id);
SELECT postbag_isolate('campaign_members');
