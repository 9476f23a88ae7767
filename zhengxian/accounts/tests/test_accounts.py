"""Accounts through the login page: sessions, lockout, hashing, password changes, language,
and the error pages every user may meet."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from axes.utils import reset as axes_reset
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.contrib.messages import get_messages
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from config.settings import base as base_settings
from zhengxian.accounts.forms import LoginForm
from zhengxian.core.actors import SYSTEM
from zhengxian.core.views import server_error
from zhengxian.orgs import services
from zhengxian.orgs.testing import PASSWORD

NEW_PASSWORD = "Xianghu-2023-strong"
LOGIN = reverse("accounts:login")
HOME = reverse("home:home")
PASSWORD_CHANGE = reverse("accounts:password_change")


def log_in(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# ---------------------------------------------------------------------------------------
# Login and logout
# ---------------------------------------------------------------------------------------


def test_login_page_logs_the_user_in_and_sends_them_home(org, client):
    response = log_in(client, "cadre_a", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.session["_auth_user_id"] == str(org.user("cadre_a").pk)
    assert client.get(HOME).status_code == 200


def test_login_returns_to_the_page_asked_for(org, client):
    people = reverse("orgs:person_list")

    response = client.post(
        f"{LOGIN}?next={people}", {"username": "cadre_a", "password": PASSWORD, "next": people}
    )

    assert response["Location"] == people


def test_wrong_password_shows_the_login_error_message_and_logs_nobody_in(org, client):
    response = log_in(client, "cadre_a", "wrong-password")

    assert response.status_code == 200
    assert str(LoginForm.error_messages["invalid_login"]) in response.text
    assert '<html lang="zh-hans">' in response.text
    assert not is_logged_in(client)


def test_disabled_account_cannot_log_in(org, client):
    services.person_update(actor=SYSTEM, person=org.people["cadre_a"], is_active=False)

    response = log_in(client, "cadre_a", PASSWORD)

    assert response.status_code == 200
    assert not is_logged_in(client)


def test_logout_ends_the_session(org, client):
    log_in(client, "cadre_a", PASSWORD)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not is_logged_in(client)
    assert client.get(HOME)["Location"].startswith(LOGIN)


def test_logged_in_user_visiting_the_login_page_goes_home(org, client):
    log_in(client, "cadre_a", PASSWORD)

    assert client.get(LOGIN)["Location"] == HOME


# ---------------------------------------------------------------------------------------
# Lockout (django-axes): five failures for one account from one address
# ---------------------------------------------------------------------------------------


def fail_five_times(client: Client, username: str = "cadre_a") -> list[int]:
    return [log_in(client, username, f"wrong-{i}").status_code for i in range(5)]


def test_five_failed_logins_lock_the_account_even_for_the_right_password(org, client):
    statuses = fail_five_times(client)

    assert statuses == [200, 200, 200, 200, 429]
    response = log_in(client, "cadre_a", PASSWORD)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert reverse("accounts:login") in response.text  # the page leads back to the login
    assert not is_logged_in(client)


COOL_OFF = dt.timedelta(hours=base_settings.AXES_COOLOFF_TIME)


def test_lockout_ends_after_the_cool_off(org, client):
    with time_machine.travel(timezone.now(), tick=True) as clock:
        fail_five_times(client)
        assert log_in(client, "cadre_a", PASSWORD).status_code == 429

        clock.shift(COOL_OFF + dt.timedelta(minutes=1))

        assert log_in(client, "cadre_a", PASSWORD).status_code == 302
        assert is_logged_in(client)


def test_lockout_is_still_on_just_before_the_cool_off_ends(org, client):
    with time_machine.travel(timezone.now(), tick=True) as clock:
        fail_five_times(client)

        clock.shift(COOL_OFF - dt.timedelta(minutes=1))

        assert log_in(client, "cadre_a", PASSWORD).status_code == 429


def test_lockout_is_lifted_by_an_axes_reset(org, client):
    fail_five_times(client)

    assert axes_reset(username="cadre_a") >= 1

    assert log_in(client, "cadre_a", PASSWORD).status_code == 302


def test_lockout_of_one_account_leaves_other_accounts_free(org, client):
    fail_five_times(client, "cadre_a")

    assert log_in(client, "cadre_b", PASSWORD).status_code == 302


def test_successful_login_resets_the_failure_count(org, client):
    for i in range(4):
        log_in(client, "cadre_a", f"wrong-{i}")
    log_in(client, "cadre_a", PASSWORD)
    client.post(reverse("accounts:logout"))

    assert [log_in(client, "cadre_a", f"again-{i}").status_code for i in range(4)] == [200] * 4


def test_lockout_settings_are_five_failures_and_thirty_minutes():
    assert base_settings.AXES_FAILURE_LIMIT == 5
    assert base_settings.AXES_COOLOFF_TIME == 0.5


# ---------------------------------------------------------------------------------------
# Password hashing
# ---------------------------------------------------------------------------------------


def test_argon2_is_the_first_password_hasher_in_base_settings():
    assert base_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_password_hashed_with_argon2_verifies():
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("湘湖-secret-1", hasher.salt())

    assert encoded.startswith("argon2$")
    assert hasher.verify("湘湖-secret-1", encoded)
    assert not hasher.verify("other-secret", encoded)


def test_base_settings_store_new_passwords_with_argon2():
    with override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS):
        encoded = make_password("湘湖-secret-1")

        assert encoded.startswith("argon2$")
        assert check_password("湘湖-secret-1", encoded)


# ---------------------------------------------------------------------------------------
# Changing passwords
# ---------------------------------------------------------------------------------------


def change_password(client: Client, old: str, new: str = NEW_PASSWORD):
    return client.post(
        PASSWORD_CHANGE, {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_password_change_page_changes_the_password_and_keeps_the_session(org, client):
    log_in(client, "cadre_a", PASSWORD)

    response = change_password(client, PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)
    assert client.get(HOME).status_code == 200
    client.post(reverse("accounts:logout"))
    assert log_in(client, "cadre_a", PASSWORD).status_code == 200
    assert log_in(client, "cadre_a", NEW_PASSWORD).status_code == 302


def test_password_change_with_a_wrong_old_password_is_refused(org, client):
    log_in(client, "cadre_a", PASSWORD)

    response = change_password(client, "not-my-password")

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user = org.user("cadre_a")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_user_who_must_change_password_is_sent_to_the_change_page_until_they_do(org, client):
    user = org.user("cadre_a")
    user.must_change_password = True
    user.save()
    log_in(client, "cadre_a", PASSWORD)

    for url in (HOME, reverse("orgs:person_list"), reverse("orgs:unit_tree")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == PASSWORD_CHANGE
    page = client.get(PASSWORD_CHANGE)
    assert page.status_code == 200
    assert page.context["forced"] is True

    assert change_password(client, PASSWORD).status_code == 302

    assert client.get(reverse("orgs:person_list")).status_code == 200
    user.refresh_from_db()
    assert user.must_change_password is False


def test_user_who_must_change_password_may_still_log_out_and_switch_language(org, client):
    user = org.user("cadre_a")
    user.must_change_password = True
    user.save()
    log_in(client, "cadre_a", PASSWORD)

    language = client.post(reverse("set_language"), {"language": "en", "next": PASSWORD_CHANGE})
    assert language["Location"] == PASSWORD_CHANGE
    assert client.post(reverse("accounts:logout"))["Location"] == LOGIN
    assert not is_logged_in(client)


def _announced_password(response, user) -> str:
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    candidates = {
        token
        for text in texts
        for token in re.findall(r"(?<![A-Za-z0-9])[A-Za-z2-9]{12}(?![A-Za-z0-9])", text)
    }
    [password] = [token for token in candidates if user.check_password(token)]
    return password


def test_temporary_password_from_a_reset_works_once_changed(org, client):
    office = Client()
    office.force_login(org.user("office"))
    response = office.post(reverse("orgs:person_password_reset", args=[org.people["cadre_a"].pk]))
    user = org.user("cadre_a")
    user.refresh_from_db()
    temporary = _announced_password(response, user)

    # the old password is gone, the temporary one logs in but only to change it
    assert log_in(client, "cadre_a", PASSWORD).status_code == 200
    assert log_in(client, "cadre_a", temporary).status_code == 302
    assert client.get(reverse("orgs:person_list"))["Location"] == PASSWORD_CHANGE
    assert change_password(client, temporary).status_code == 302
    assert client.get(reverse("orgs:person_list")).status_code == 200

    # after the change the temporary password no longer opens the account
    client.post(reverse("accounts:logout"))
    assert log_in(client, "cadre_a", temporary).status_code == 200
    assert log_in(client, "cadre_a", NEW_PASSWORD).status_code == 302


def test_new_account_gets_a_one_time_password_it_must_change(org, client):
    person, temporary = services.person_create(
        actor=SYSTEM, name="新干部", unit=org.community_a, username="xin"
    )

    assert temporary is not None
    assert person.user.must_change_password
    assert log_in(client, "xin", temporary).status_code == 302
    assert client.get(HOME)["Location"] == PASSWORD_CHANGE


# ---------------------------------------------------------------------------------------
# Language
# ---------------------------------------------------------------------------------------


def test_interface_is_chinese_by_default(db, client):
    response = client.get(LOGIN)

    assert '<html lang="zh-hans">' in response.text


def test_language_switch_to_english_changes_the_interface_language(db, client):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN})

    assert response["Location"] == LOGIN
    assert '<html lang="en">' in client.get(LOGIN).text


def test_language_switch_back_to_chinese(db, client):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    client.post(reverse("set_language"), {"language": "zh-hans", "next": LOGIN})

    assert '<html lang="zh-hans">' in client.get(LOGIN).text


def test_the_language_switch_names_each_language_in_its_own_words(db, client):
    """English is "English" on the Chinese page (not 英语), and 简体中文 on the English one."""
    for accept in ("zh-hans", "en"):
        page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=accept).text
        switch = re.search(r'<select id="zx-language".*?</select>', page, re.S)
        assert switch, accept
        options = re.findall(r'<option value="([\w-]+)"[^>]*>([^<]+)</option>', switch.group(0))
        assert options == [("zh-hans", "简体中文"), ("en", "English")], accept
        assert "英语" not in switch.group(0)


# ---------------------------------------------------------------------------------------
# Error pages
# ---------------------------------------------------------------------------------------


def assert_in_base_layout(response) -> None:
    assert 'class="navbar' in response.text
    assert '<main id="main"' in response.text
    assert 'class="zx-error' in response.text


def test_unknown_url_is_a_404_in_the_base_layout(org, login):
    response = login("cadre_a").get("/no/such/page/")

    assert response.status_code == 404
    assert_in_base_layout(response)
    assert "errors/404.html" in [t.name for t in response.templates]


def test_person_outside_the_scope_is_a_404_in_the_base_layout(org, login):
    response = login("cadre_a").get(reverse("orgs:person_detail", args=[org.people["cadre_b"].pk]))

    assert response.status_code == 404
    assert_in_base_layout(response)


def test_missing_permission_inside_the_scope_is_a_403_in_the_base_layout(org, login):
    response = login("cadre_a").get(reverse("orgs:person_edit", args=[org.people["cadre_a"].pk]))

    assert response.status_code == 403
    assert_in_base_layout(response)
    assert "errors/403.html" in [t.name for t in response.templates]


def test_server_error_renders_the_standalone_500_page():
    request = RequestFactory().get("/")

    response = server_error(request)

    assert response.status_code == 500
    text = response.content.decode()
    assert text.startswith("<!doctype html>")
    assert '<html lang="zh-hans">' in text
    assert "500" in text
    assert "navbar" not in text  # no base layout: it may be what failed


def test_unknown_url_is_a_404_for_anonymous_visitors_too(db, client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert 'class="zx-error' in response.text
    assert 'data-testid="user-menu"' not in response.text


def test_the_login_page_links_to_the_public_pages_which_open_without_login(db):
    client = Client()
    page = client.get(LOGIN)
    links = re.search(r'data-testid="public-links".*?</nav>', page.text, re.S)
    assert links, "no public links on the login page"
    for url in (reverse("public_projects:list"), reverse("public_rankings:campaign_list")):
        assert f'href="{url}"' in links.group(0), url
        assert Client().get(url).status_code == 200, url
    assert "民生实事" in links.group(0) and "已晾晒排名" in links.group(0)
