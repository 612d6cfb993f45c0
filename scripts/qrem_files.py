"""Shared by qrem's Python scripts: write a file so that readers see the old content or the
new, never a partial file (temporary file in the same folder, then os.replace)."""
import io
import os
import tempfile


def atomic_write(path, data, mode="w"):
    """Writes data (str, or bytes with mode "wb") to path through a temporary file."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=os.path.basename(path) + ".tmp-")
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_png(fig, path, dpi):
    """Writes a matplotlib figure to path as PNG, atomically."""
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=dpi)
    atomic_write(path, png.getvalue(), mode="wb")
