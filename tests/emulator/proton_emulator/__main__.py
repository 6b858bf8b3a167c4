"""Run the emulator: `python -m proton_emulator [--host 127.0.0.1] [--port 0] [--log FILE]`.

Prints `LISTENING http://HOST:PORT` on stdout once it accepts connections (port 0 picks a free one)
and exits 0 on SIGTERM or SIGINT. The request log goes to --log only: a server that writes a line
per request to a pipe nobody reads eventually blocks.
"""

import argparse
import logging
import os
import signal
import sys
import threading

from .faults import Faults, SettingsError


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m proton_emulator", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 (default): any free port")
    parser.add_argument("--log", help="file for the request log and errors (default: none)")
    args = parser.parse_args(argv)
    try:
        faults = Faults.from_environment(os.environ)
    except SettingsError as error:
        parser.error("bad EMULATOR_* setting: %s" % error)
    _configure_logging(args.log)

    # moto reads this when it builds an account's IAM backend; AWS managed policies such as
    # AdministratorAccess and AWSProtonCodeBuildProvisioningBasicAccess exist only with it.
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import make_server

    from .app import EmulatorApp

    server = make_server(args.host, args.port, EmulatorApp(faults), threaded=True,
                         request_handler=MotoRequestHandler)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="serve", daemon=True).start()
    print("LISTENING http://%s:%d" % (args.host, server.port), flush=True)
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
    stop.wait()
    server.shutdown()
    server.server_close()
    return 0


def _warm_up():
    """Do the slow one-off work (about a second) before the first requests need it: load moto's AWS
    managed policy data and the Unicode tables for the Java `\\p{..}` classes of Identity Store patterns."""
    import moto.iam.aws_managed_policies  # noqa: F401

    from .regex_compat import compile_pattern

    compile_pattern(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")


def _configure_logging(path):
    """One line per AWS request (INFO) and errors go to `path`; without it, errors only, to stderr.

    werkzeug's own per-request lines are left out: the emulator's name the service and operation.
    """
    handler = logging.FileHandler(path) if path else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    werkzeug_log = logging.getLogger("werkzeug")
    werkzeug_log.propagate = False
    werkzeug_log.setLevel(logging.ERROR)
    werkzeug_log.addHandler(handler)
    emulator_log = logging.getLogger("proton_emulator")
    emulator_log.setLevel(logging.INFO if path else logging.WARNING)
    emulator_log.addHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
