# Dates as British readers write them: 29 November 2026.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
