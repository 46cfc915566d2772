"""A mail backend for the worker-killed fault: the first send stops (the test kills the
worker process there, mid-task), every later one writes the mail as a file that the test
counts across processes."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class BlockOnceEmailBackend(EmailBackend):
    def __init__(self, *args, **kwargs):
        self.fault_dir = Path(os.environ["CARBON20_FAULT_DIR"])
        super().__init__(*args, file_path=str(self.fault_dir / "mail"), **kwargs)

    def send_messages(self, email_messages):
        marker = self.fault_dir / "entered"
        if not marker.exists():
            marker.write_text(str(os.getpid()))
            # Wait to be killed; far longer than the test waits for the marker.
            time.sleep(300)
        return super().send_messages(email_messages)
