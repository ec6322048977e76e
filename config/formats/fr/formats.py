# The one date and number format of the site in this language (settings.FORMAT_MODULE_PATH).
# Templates use `|date` (DATE_FORMAT), `|date:"DATETIME_FORMAT"` or `|date:"SHORT_DATE_FORMAT"`.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
