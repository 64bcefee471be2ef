"""What a build's bytes must not depend on: the caller's locale; and the one date they may carry,
SOURCE_DATE_EPOCH, checked before anything reads it.

`LC_ALL=tr_TR.UTF-8` changed the PDF on one machine (not here, where few fonts are installed): Pango
takes its default language from the C locale, fontconfig its default languages from LC_ALL, LC_CTYPE
and LANG, and fonts and line breaks may be chosen by them; a kernel inherits the same variables. So the build sets one locale, C.UTF-8 (UTF-8, no language), for
itself before any of them loads and for every process it starts. Where C.UTF-8 does not exist (older
macOS), the locale is left as it is.
"""

import locale
import os

LOCALE = "C.UTF-8"
VARIABLES = ("LC_ALL", "LC_CTYPE", "LC_COLLATE", "LC_MESSAGES", "LC_NUMERIC", "LC_TIME", "LANG", "LANGUAGE")


def pin_locale() -> bool:
    """Set the C.UTF-8 locale in this process and in the environment its children inherit; whether it
    could be set."""
    try:
        locale.setlocale(locale.LC_ALL, LOCALE)
    except locale.Error:
        return False
    for name in VARIABLES:
        os.environ.pop(name, None)
    os.environ["LC_ALL"] = os.environ["LANG"] = LOCALE
    return True


EPOCH_MAX = 253402300799  # 9999-12-31 23:59:59 UTC, the last second a date can name


def check_source_date_epoch() -> None:
    """SOURCE_DATE_EPOCH, when set, is a whole number of seconds from 0 to EPOCH_MAX; set but empty, it
    counts as unset (and is removed: IPython reads any value it finds, and a kernel that cannot read
    it never answers). Anything else is a ParameterError, before a kernel starts."""
    from ..errors import ParameterError

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return
    if not value.strip():
        del os.environ["SOURCE_DATE_EPOCH"]
        return
    if not (value.strip().isascii() and value.strip().isdigit() and int(value) <= EPOCH_MAX):
        raise ParameterError(
            f"environment SOURCE_DATE_EPOCH: {value!r} is not allowed; valid: a whole number of seconds "
            f"since 1970-01-01 00:00 UTC, from 0 to {EPOCH_MAX}, or unset"
        )
