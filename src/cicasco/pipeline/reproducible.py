"""What a build's bytes must not depend on: the caller's locale.

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
