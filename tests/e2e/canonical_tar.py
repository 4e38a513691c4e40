"""The bundle archive as dxbundle pack writes it (checker/bundle/tar_archive.cc, libarchive's ustar),
written here without libarchive, so a test can forge a bag whose archive is still canonical and
reach the checks behind `dxbundle verify`'s "canonical archive" one.

ustar, entries sorted by path, regular files only, mode 0644, uid/gid 0, empty owner names,
mtime 2000-01-01, numbers in libarchive's octal layout, two zero blocks and nothing after them;
gzip (for a .gz path) with no name and no timestamp. bundle.py checks that this writer gives a
real bundle's bytes back, byte for byte, so a change on either side is seen."""
import gzip

MTIME = 946684800


def _octal(value, size):
    """libarchive's number fields: size - 2 octal digits, a space, a NUL."""
    return b"%0*o \0" % (size - 2, value)


def _split(path):
    """(name, prefix) as libarchive's ustar writer splits a path over 100 bytes."""
    p = path.encode()
    if len(p) <= 100:
        return p, b""
    # The first '/' from which the rest fits in the 100-byte name field.
    i = p.find(b"/", len(p) - 101)
    if i <= 0 or i > 155:
        raise ValueError("path too long for ustar: " + path)
    return p[i + 1:], p[:i]


def header(path, size):
    name, prefix = _split(path)
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = _octal(0o644, 8)
    h[108:116] = _octal(0, 8)
    h[116:124] = _octal(0, 8)
    h[124:136] = b"%011o " % size
    h[136:148] = b"%011o " % MTIME
    h[148:156] = b" " * 8
    h[156:157] = b"0"
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[329:337] = _octal(0, 8)
    h[337:345] = _octal(0, 8)
    h[345:345 + len(prefix)] = prefix
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def tar_bytes(files):
    """files: path -> bytes."""
    out = bytearray()
    for path in sorted(files):
        data = files[path]
        out += header(path, len(data)) + data + bytes(-len(data) % 512)
    return bytes(out + bytes(1024))


def write(path, files):
    data = tar_bytes(files)
    if path.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    with open(path, "wb") as f:
        f.write(data)
