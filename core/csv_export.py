"""CSV for spreadsheets: UTF-8 with a byte order mark, every cell that a spreadsheet would take for a formula
made harmless by the maintained `defusedcsv` package, and the way back for a file that returns as an import.

defusedcsv puts an apostrophe before a cell starting with = + - @ | or % (a number, negative or not, stays a
number) and escapes each | of such a cell as \\|. OWASP's list of formula starts also has tab and carriage
return, which defusedcsv leaves alone: this writer gives those the same apostrophe.
"""

from defusedcsv import csv as defused

BOM = "\ufeff"  # so that spreadsheet programs read the file as UTF-8
DEFUSED_STARTS = ("=", "+", "-", "@", "|", "%")  # those defusedcsv guards (and escapes | in)
CONTROL_STARTS = ("\t", "\r")  # those it does not, guarded here


def _guard(value):
    if isinstance(value, str) and value.startswith(CONTROL_STARTS):
        return "'" + value
    return value


class _Writer:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([_guard(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out, *, bom=True):
    """A csv writer onto `out` (an HttpResponse or any file), with the byte order mark written first."""
    if bom:
        out.write(BOM)
    return _Writer(defused.writer(out))


def read_back(text):
    """A cell as it was before `writer` guarded it, for a file of ours that comes back; any other text as it is."""
    if not text.startswith("'"):
        return text
    unescaped = text[1:].replace("\\|", "|")  # defusedcsv escapes | before it adds the apostrophe
    if unescaped[:1] in DEFUSED_STARTS:
        return unescaped
    if text[1:2] in CONTROL_STARTS:
        return text[1:]
    return text
