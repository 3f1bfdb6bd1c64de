import os
import sys

from generator import cli

code = cli.main()
if cli.EXIT_AT_ONCE:
    # A build leaves millions of objects behind (the plan of 20,000 jobs): freeing them one by
    # one as Python exits took about a second of each rebuild; the system takes the memory back
    # at once. Every file the build wrote is closed by now; only the standard streams buffer.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
