# Dates as Danish readers write them: 29. november 2026.
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y H:i"
