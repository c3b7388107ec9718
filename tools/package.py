"""Build dist/sozialraum_monitor-<version>.zip for QGIS's "Install from ZIP": the plugin files git tracks,
plus the compiled translation, without tests, benchmarks, dev tools or docs."""
import configparser
import os
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXCLUDED_DIRS = ("tests/", "bench/", "tools/", ".ci/", "docs/", "build/", "dist/")
EXCLUDED_FILES = {"Makefile", "pytest.ini", "DEVELOPERS.md", ".gitignore"}


def plugin_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    files = [f for f in listed.splitlines()
             if not f.startswith(EXCLUDED_DIRS) and f not in EXCLUDED_FILES and os.path.exists(os.path.join(ROOT, f))]
    files += [os.path.join("i18n", f) for f in os.listdir(os.path.join(ROOT, "i18n")) if f.endswith(".qm")]
    return sorted(set(files))


def build(out_dir):
    parser = configparser.ConfigParser()
    parser.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    version = parser.get("general", "version")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"sozialraum_monitor-{version}.zip")
    tmp = path + ".part"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in plugin_files():
            archive.write(os.path.join(ROOT, name), f"sozialraum_monitor/{name}")
    os.replace(tmp, path)
    return path


if __name__ == "__main__":
    zip_path = build(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "dist"))
    print(f"{zip_path}: {os.path.getsize(zip_path) / 1e6:.1f} MB")
