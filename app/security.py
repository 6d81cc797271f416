"""HTTP hardening: security headers with a strict Content-Security-Policy, the client's real address behind
a proxy, and the per-address limits on guessing (failed logins, failed join codes)."""
from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .limits import RateLimiter

# Everything comes from our own origin: no inline script or style, no other host, no framing.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def init_app(app: Flask) -> None:
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Behind nginx: take the client's address and scheme from the proxy's headers, and only then.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.extensions["guess_limits"] = {
        # Failed logins: 10 per address and 5 per account in any 5 minutes.
        "login_address": RateLimiter(rate=10 / 300, burst=10),
        "login_account": RateLimiter(rate=5 / 300, burst=5),
        # Failed join codes: a whole venue shares one address and people mistype, so 30 a minute.
        "join_address": RateLimiter(rate=30 / 60, burst=30),
    }
    app.after_request(add_security_headers)


def add_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config.get("BEHIND_HTTPS"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def client_address() -> str:
    return request.remote_addr or "unknown"


def guess_limit(name: str) -> RateLimiter:
    return current_app.extensions["guess_limits"][name]
