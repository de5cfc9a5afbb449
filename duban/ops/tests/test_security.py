"""Every page sends the security headers; production settings add HSTS and secure
cookies; passwords are hashed with Argon2; sessions expire."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

import duban.settings as production

PAGES = [
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/healthz"),
    ("anonymous", "/api/v1/openapi.json"),
    ("anonymous", "/api/v1/docs"),
    ("office", "/work/"),
    ("office", "/account/tokens/"),
    ("office", "/api/v1/me"),
]


def _client(username):
    client = Client(HTTP_HOST="127.0.0.1")
    if username != "anonymous":
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_every_page_sends_the_security_headers(world, username, path):
    response = _client(username).get(path)
    assert response.status_code == 200, path
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"  # no inline scripts, no eval
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["style-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_of_the_organization_send_them_too(world):
    for name in ("organization", "wall", "publications"):
        response = _client("office").get(reverse(name, args=[world.bureau.pk]))
        assert response.status_code == 200
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_behind_https_cookies_are_secure_and_hsts_is_sent(world, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/accounts/login/").status_code == 301  # plain http is redirected
    assert client.get("/healthz").status_code == 200  # the load balancer's probe is not
    page = client.get("/accounts/login/", secure=True)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert page.cookies["csrftoken"]["secure"]
    client.force_login(get_user_model().objects.get(username="office"))
    session = client.get("/work/", secure=True).cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert int(session["max-age"]) == 8 * 3600


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the tests use a fast one
    assert make_password("correct horse battery").startswith("argon2$argon2id$")


def test_a_published_html_file_may_use_its_own_inline_styles_but_no_script(world):
    from duban.publishing import services

    draft = services.compose_publication(world.bureau, actor=None, kind="task_list", year=2023)
    response = _client("office").get(reverse("publication-file", args=[draft.pk, "html"]))
    csp = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp and "script-src 'self'" in csp
