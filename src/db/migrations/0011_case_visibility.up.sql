-- Whether caseworkers see every case not marked sensitive (most UK offices work this way, so that
-- whoever answers the phone can find the caller's case), or only the cases they own or are named on.
ALTER TABLE offices ADD COLUMN caseworkers_see_all_cases boolean NOT NULL DEFAULT true;
