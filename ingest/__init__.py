"""Reading annual reports: file readers (I/O) and the pure parser that builds the report model."""
