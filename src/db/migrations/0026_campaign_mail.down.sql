DROP TABLE campaign_members;
DROP TABLE campaign_groups;
