from django.urls import reverse

from duban.testing.personas import PASSWORD


def test_a_wrong_password_is_said_so(client, world):
    response = client.post(reverse("login"), {"username": "office", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_the_right_password_leads_to_the_bureau(client, world):
    response = client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response.url, follow=True).request["PATH_INFO"] == reverse(
        "organization", args=[world.bureau.pk]
    )


def test_repeated_failures_are_throttled_even_with_the_right_password(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "office", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    other = client.post(reverse("login"), {"username": "jiuzhu", "password": PASSWORD})
    assert other.status_code == 302


def test_chinese_comes_first_whatever_the_browser_asks(client, world):
    client.force_login(world.bureau.people.get(name="宣州办公室").user)
    url = reverse("organization", args=[world.bureau.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert "任务清单" in page and "Task lists" not in page


def test_english_is_available_by_choice(client, world):
    client.force_login(world.bureau.people.get(name="宣州办公室").user)
    url = reverse("organization", args=[world.bureau.pk])
    client.post(reverse("set_language"), {"language": "en", "next": url})
    page = client.get(url).content.decode()
    assert "Task lists" in page and '<html lang="en">' in page


def _login(client, password, forwarded, remote="127.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": "office", "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_the_proxy_a_lockout_is_of_one_client_not_of_everyone(client, world, settings):
    """Every request reaches duban from nginx at 127.0.0.1: an attacker's failures locked
    the office out of every address."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong", "203.0.113.9")
    assert _login(client, PASSWORD, "203.0.113.9").status_code == 429
    assert _login(client, PASSWORD, "198.51.100.7").status_code == 302  # the office itself


def test_a_forged_forwarded_address_does_not_escape_the_lockout(client, world, settings):
    # a client sends its own X-Forwarded-For; nginx appends the real address after it
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong", f"10.0.0.{n}, 203.0.113.9")
    assert _login(client, PASSWORD, "10.0.0.99, 203.0.113.9").status_code == 429
    # not from a trusted proxy: the header is ignored, the request's own address counts
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong", f"10.1.0.{n}", remote="192.0.2.1")
    assert _login(client, PASSWORD, "10.1.0.99", remote="192.0.2.1").status_code == 429


def test_the_admin_index_names_every_app_in_chinese(client, world):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x-Long-pass-1")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "登录保护" in page and "后台任务" in page
    assert "Axes" not in page and "Tasks Database Backend" not in page
