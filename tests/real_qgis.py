"""Run a script inside the real QGIS desktop under Xvfb (a fresh profile) and return its JSON result."""
import json
import os
import signal
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_in_qgis(script, timeout=180, extra_env=None):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        env = dict(os.environ, QGIS_PLUGINPATH=os.path.join(ROOT, "build", "plugins"),
                   SOZIALRAUM_TEST_OUT=out, **(extra_env or {}))
        env.pop("QT_QPA_PLATFORM", None)  # a real X display (Xvfb)
        command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--nologo", "--noversioncheck",
                   "--profiles-path", os.path.join(tmp, "profiles"), "--code", script]
        # its own session: on a timeout the whole group (xvfb-run, Xvfb and qgis.bin) ends, no QGIS is left over
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        try:
            _stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise AssertionError(f"QGIS did not finish within {timeout} s (script {script})") from None
        proc = subprocess.CompletedProcess(command, process.returncode, "", stderr)
        if not os.path.exists(out):
            raise AssertionError(f"QGIS wrote no result (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        with open(out, encoding="utf-8") as handle:
            return json.load(handle)


def qgis_process_env(plugin_path=None):
    """Environment for `qgis_process.bin` with the plugin found and enabled ("already enabled" is fine)."""
    env = dict(os.environ, QGIS_PLUGINPATH=plugin_path or os.path.join(ROOT, "build", "plugins"),
               QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(["qgis_process.bin", "plugins", "enable", "sozialraum_monitor"], env=env,
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0 and "already enabled" not in proc.stdout + proc.stderr:
        raise AssertionError(f"qgis_process could not enable the plugin:\n{proc.stdout}\n{proc.stderr}")
    return env
