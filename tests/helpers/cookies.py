"""What a run asked the browser to do with the session cookie: the hidden iframes that redeem
a one-time code at the server's cookie route (``app.session_cookie``)."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from app import session_cookie

# The request's body, a JSON text inside a JavaScript string: read as the browser would (a
# code may start with "-", which a looser pattern would leave out).
_BODY = re.compile(r'body: ("(?:[^"\\]|\\.)*")')


def cookie_scripts(at: AppTest) -> list[str]:
    """The redeem scripts this run sent to the browser."""
    return [n.proto.srcdoc for n in at.get("iframe") if session_cookie.ROUTE in n.proto.srcdoc]


def cookie_writes(at: AppTest) -> list[tuple[str, int]]:
    """(token, max age) the server would set for each script of this run; ("", 0): cleared."""
    writes = []
    for script in cookie_scripts(at):
        found = _BODY.search(script)
        assert found, script
        code = json.loads(json.loads(found.group(1)))["code"]
        entry = session_cookie.take(code)
        assert entry is not None, "a code the server does not know"
        writes.append(entry)
    return writes
