"""Reading spreadsheets into observations: readers, table finding, interpretation."""
