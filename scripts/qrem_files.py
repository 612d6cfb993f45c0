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


def use_plotting_python(modules=("numpy", "matplotlib")):
    """Re-runs this script under a Python that has `modules` when the current one lacks them:
    $QREM_PYTHON, then Debian's /usr/bin/python3 (a pyenv or conda python first on PATH often
    lacks matplotlib). Returns when the current Python has them or none does (the caller then
    reports what is missing: `apt-get install python3-numpy python3-matplotlib`)."""
    import importlib.util
    import subprocess
    import sys
    if all(importlib.util.find_spec(m) is not None for m in modules):
        return
    if os.environ.get("QREM_PYTHON_REEXEC"):  # already re-run once: do not loop
        return
    check = "import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in sys.argv[1:]) else 1)"
    for candidate in (os.environ.get("QREM_PYTHON"), "/usr/bin/python3"):
        if not candidate or not os.access(candidate, os.X_OK):
            continue
        if subprocess.run([candidate, "-c", check, *modules]).returncode == 0:
            os.environ["QREM_PYTHON_REEXEC"] = "1"
            sys.stdout.flush()
            os.execv(candidate, [candidate, *sys.argv])
