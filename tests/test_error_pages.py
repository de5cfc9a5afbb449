"""403, 404 and 405 are pages of the site in the user's language with a way back, not
Django's bare English pages (405 was empty)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_404_403_405_are_site_pages_in_the_users_language(client, world, language):
    login(client, "jiuzhu")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    missing = client.get(reverse("organization", args=[world.elsewhere.pk]))
    forbidden = client.post(reverse("publications", args=[world.bureau.pk]), {"kind": "x"})
    wrong_method = client.get(reverse("period-remind", args=[1]))
    words = {
        "zh-hans": ("页面不存在", "无权进行此操作", "不支持此操作", "返回首页"),
        "en": ("Page not found", "Not allowed", "Not supported", "Back to the home page"),
    }[language]
    for answer, status, heading in zip(
        (missing, forbidden, wrong_method), (404, 403, 405), words, strict=False
    ):
        html = answer.content.decode()
        assert answer.status_code == status
        assert heading in html and words[3] in html
        assert 'class="top"' in html  # the site's own header: a way on
    assert wrong_method["Allow"] == "POST"


def test_the_public_gets_the_404_page_too(client, world):
    answer = client.get("/public/999999/")
    assert answer.status_code == 404 and "页面不存在" in answer.content.decode()


def test_a_stale_form_says_so(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="office"))
    answer = strict.post(reverse("publications", args=[world.bureau.pk]), {"kind": "task_list"})
    assert answer.status_code == 403 and "页面已过期" in answer.content.decode()
