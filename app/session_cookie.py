"""The session cookie, set by the server with HttpOnly (no page script can read it).

Streamlit reads cookies (``st.context.cookies``, sent when a session connects) but has no API to
set one, and a cookie set from JavaScript cannot be HttpOnly. Streamlit 1.67 serves the app
with Starlette, so the app adds one route of its own to that server, ``POST /_county/session``:
after a sign-in the script keeps the token server-side under a one-time code (valid for
five minutes) and renders a hidden same-origin iframe whose script posts the code to the route; the
route answers ``Set-Cookie: county_session=<token>; HttpOnly; SameSite=Strict; Path=/`` (and
``Secure`` over HTTPS). The page's scripts only ever see the one-time code, never the token.
A sign-out posts a code that clears the cookie.

The route is found through the session's websocket (``Runtime.get_client(...)._websocket.app``,
one private attribute of Streamlit's), and inserted ahead of Streamlit's catch-all static
route; ``register`` is idempotent and called on every run. Where no server runs (AppTest, a
bare script) nothing is registered and the codes are kept all the same."""

from __future__ import annotations

import json
import secrets
import threading
import time
from typing import Any

COOKIE = "county_session"
ROUTE = "/_county/session"
ROUTE_NAME = "county-session-cookie"
CODE_SECONDS = 300.0  # how long a code waits for the browser to redeem it (one use)
_codes: dict[str, tuple[str, int, float]] = {}  # code -> (token, max age, expires)
_lock = threading.Lock()


def _base_path() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def route_path() -> str:
    return _base_path() + ROUTE


def cookie_path() -> str:
    return _base_path() or "/"


def _server_app() -> Any | None:
    """The Starlette app serving this script's session, or None (AppTest, a bare run)."""
    try:
        from starlette.applications import Starlette
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        context = get_script_run_ctx(suppress_warning=True)
        if context is None or not Runtime.exists():
            return None
        client = Runtime.instance().get_client(context.session_id)
        app = getattr(getattr(client, "_websocket", None), "app", None)
    except Exception:
        return None
    return app if isinstance(app, Starlette) else None


def register() -> bool:
    """Add the route to the running server (once; again after a reload of this module).
    False where there is no server."""
    app = _server_app()
    if app is None:
        return False
    from starlette.routing import Route

    with _lock:
        routes = app.router.routes
        for i, route in enumerate(routes):
            if getattr(route, "name", None) == ROUTE_NAME:
                if getattr(route, "endpoint", None) is not redeem:
                    routes[i] = Route(route_path(), redeem, methods=["POST"], name=ROUTE_NAME)
                return True
        # First: Streamlit's static files are a catch-all at the end of the list.
        routes.insert(0, Route(route_path(), redeem, methods=["POST"], name=ROUTE_NAME))
    return True


def issue(token: str, max_age: int) -> str:
    """A one-time code that has the route set ``token`` for ``max_age`` seconds ("": clear)."""
    register()
    now = time.monotonic()
    code = secrets.token_urlsafe(32)
    with _lock:
        for stale in [c for c, (_, _, until) in _codes.items() if until < now]:
            del _codes[stale]
        _codes[code] = (token, max_age, now + CODE_SECONDS)
    return code


def take(code: Any) -> tuple[str, int] | None:
    """The token and max age a code stands for, once; None when unknown, used or expired."""
    if not isinstance(code, str):
        return None
    with _lock:
        entry = _codes.pop(code, None)
    if entry is None or time.monotonic() > entry[2]:
        return None
    return entry[0], entry[1]


async def redeem(request: Any) -> Any:
    """The route: a same-origin POST of a code sets (or clears) the HttpOnly cookie."""
    from starlette.responses import Response

    def refuse(status: int = 403) -> Response:
        return Response(status_code=status, headers={"Cache-Control": "no-store"})

    # Streamlit's own XSRF check covers only its routes: a cross-site request is refused here
    # (browsers send Origin on a POST and Sec-Fetch-Site on a fetch); a code is needed anyway.
    # A browser says where a fetch comes from (Sec-Fetch-Site, which a page cannot forge);
    # where it does not, the Origin must be this server's (a reverse proxy that rewrites the
    # Host header makes the two differ: the browser's word is taken first).
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return refuse()
    origin = request.headers.get("origin")
    if site is None and origin != f"{request.url.scheme}://{request.url.netloc}":
        return refuse()
    if not request.headers.get("content-type", "").startswith("application/json"):
        return refuse(400)  # a form cannot send this without a script of the same origin
    try:
        code = (await request.json())["code"]
    except Exception:
        return refuse(400)
    found = take(code)
    if found is None:
        return refuse()
    token, max_age = found
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = request.url.scheme == "https"
    if token:
        response.set_cookie(
            COOKIE,
            token,
            max_age=max_age,
            path=cookie_path(),
            httponly=True,
            samesite="strict",
            secure=secure,
        )
    else:
        response.delete_cookie(
            COOKIE, path=cookie_path(), httponly=True, samesite="strict", secure=secure
        )
    return response


def redeem_script(code: str) -> str:
    """The hidden iframe's page: posts the code to the route (same origin, cookies kept)."""
    url = json.dumps(route_path()).replace("<", "\\u003c")
    body = json.dumps(json.dumps({"code": code})).replace("<", "\\u003c")
    return (
        "<script>fetch(" + url + ", {method: 'POST', credentials: 'same-origin',"
        " headers: {'Content-Type': 'application/json'}, body: " + body + "})"
        ".then(r => { document.body.dataset.status = r.status; });</script>"
    )
