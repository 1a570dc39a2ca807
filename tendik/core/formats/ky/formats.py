# Kyrgyz: "2025-жылдын 12-майы" style is long; the official short form is dd.mm.yyyy.
DATE_FORMAT = "Y-\\ж\\. j-E"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "Y-\\ж\\. j-E H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
USE_THOUSAND_SEPARATOR = True
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
