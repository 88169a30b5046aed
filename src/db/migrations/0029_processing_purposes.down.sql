DROP TABLE processing_purposes;
