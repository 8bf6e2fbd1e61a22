"""What an uploaded file's first bytes must be for its name: a file named .pdf must begin as a PDF does, a
text file must not be a web page or binary. Callers refuse the upload with their own message."""

# The first bytes of the kinds of file we can recognise.
MAGIC = {
    "pdf": [b"%PDF-"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "pptx": [b"PK\x03\x04"],
    "odt": [b"PK\x03\x04"],
    "ods": [b"PK\x03\x04"],
    "odp": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0"],
    "xls": [b"\xd0\xcf\x11\xe0"],
    "rtf": [b"{\\rtf"],
}
TEXT = ("txt", "csv")


def extension_of(name):
    name = name or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_matches(upload, extension):
    """True if the upload's first bytes fit its extension (an extension we cannot check passes)."""
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    if extension in MAGIC:
        return any(head.startswith(magic) for magic in MAGIC[extension])
    if extension in TEXT:
        return b"\x00" not in head and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    return True
